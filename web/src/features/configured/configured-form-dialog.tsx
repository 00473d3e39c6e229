import { useMemo, useState } from 'react';
import { ApiError, describeError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '../../components/ui/dialog';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { initialValues, toConfig, validate } from '../schema-form/form-values';
import { SchemaForm } from '../schema-form/schema-form';
import { fieldsFromSchema, type FormValues, type JsonSchema } from '../schema-form/schema-fields';
import type { AdapterKind, ConfiguredBody, ConfiguredItem } from './types';

export interface ConfiguredFormDialogProps {
  noun: string;
  kinds: AdapterKind[];
  item?: ConfiguredItem & { environment?: string | null };
  withEnvironment?: boolean;
  onSubmit(body: ConfiguredBody): Promise<unknown>;
  onClose(): void;
}

/** Create or edit a source or destination; the config part is generated from the kind's schema. */
export function ConfiguredFormDialog({ noun, kinds, item, withEnvironment, onSubmit, onClose }: ConfiguredFormDialogProps) {
  const [name, setName] = useState(item?.name ?? '');
  const [environment, setEnvironment] = useState(item?.environment ?? '');
  const [kind, setKind] = useState(item?.kind ?? (kinds.length === 1 ? kinds[0]!.kind : ''));
  const adapter = kinds.find((k) => k.kind === kind);
  const fields = useMemo(() => (adapter ? fieldsFromSchema(adapter.configSchema as JsonSchema, adapter.secretFields) : []), [adapter]);
  const stored = item?.kind === kind ? item.config : {};
  const [values, setValues] = useState<FormValues>(() => initialValues(fields, stored));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [saving, setSaving] = useState(false);

  const chooseKind = (next: string) => {
    setKind(next);
    const nextAdapter = kinds.find((k) => k.kind === next);
    const nextFields = nextAdapter ? fieldsFromSchema(nextAdapter.configSchema as JsonSchema, nextAdapter.secretFields) : [];
    setValues(initialValues(nextFields, item?.kind === next ? item.config : {}));
    setErrors({});
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const found = { ...validate(fields, values, stored) };
    if (!name.trim()) found.name = `Give the ${noun} a name you will recognise`;
    if (!kind) found.kind = `Choose what kind of ${noun} this is`;
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length) return;
    setSaving(true);
    try {
      const body: ConfiguredBody = { name: name.trim(), kind, config: toConfig(fields, values, stored) };
      if (withEnvironment) body.environment = environment.trim() || null;
      await onSubmit(body);
      onClose();
    } catch (error) {
      if (error instanceof ApiError) setErrors(Object.fromEntries(error.issues.map((i) => [i.path.replace(/^config\./, ''), i.message])));
      setFailure(describeError(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>{item ? `Edit ${noun} “${item.name}”` : `Add a ${noun}`}</DialogTitle>
          <DialogDescription>
            {item ? 'Secrets stay as stored unless you type a new value.' : `Fields marked * are required. You can test the connection once it is saved.`}
          </DialogDescription>
        </DialogHeader>
        <form className="grid gap-4" onSubmit={submit} noValidate aria-label={`${noun} form`}>
          <div className="grid gap-1.5">
            <Label htmlFor="item-name">Name<span className="text-destructive" aria-hidden> *</span></Label>
            <Input id="item-name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={errors.name ? true : undefined} autoFocus />
            {errors.name && <p className="text-xs font-medium text-destructive">{errors.name}</p>}
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="item-kind">Kind<span className="text-destructive" aria-hidden> *</span></Label>
            <Select value={kind || undefined} onValueChange={chooseKind} disabled={Boolean(item)}>
              <SelectTrigger id="item-kind" aria-invalid={errors.kind ? true : undefined}>
                <SelectValue placeholder={`Choose a kind of ${noun}…`} />
              </SelectTrigger>
              <SelectContent>
                {kinds.map((k) => (
                  <SelectItem key={k.kind} value={k.kind}>
                    {k.label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
            {errors.kind && <p className="text-xs font-medium text-destructive">{errors.kind}</p>}
          </div>
          {withEnvironment && (
            <div className="grid gap-1.5">
              <Label htmlFor="item-environment">Environment</Label>
              <Input id="item-environment" placeholder="production, staging…" value={environment} onChange={(e) => setEnvironment(e.target.value)} />
            </div>
          )}
          {adapter && (
            <fieldset className="grid gap-4 border-t pt-4">
              <legend className="sr-only">{adapter.label} settings</legend>
              <SchemaForm fields={fields} values={values} onChange={setValues} errors={errors} stored={stored} />
            </fieldset>
          )}
          {failure && <Alert variant="destructive" title={`The ${noun} was not saved`}>{failure}</Alert>}
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={saving}>
              {saving ? 'Saving…' : item ? 'Save changes' : `Add ${noun}`}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
