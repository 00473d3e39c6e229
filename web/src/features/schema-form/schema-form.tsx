import { REDACTED } from '../../api/client';
import { Input, Textarea } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { Switch } from '../../components/ui/switch';
import type { Field, FormValue, FormValues } from './schema-fields';

export interface SchemaFormProps {
  fields: Field[];
  values: FormValues;
  onChange(values: FormValues): void;
  errors: Record<string, string>;
  /** The config as stored (secrets redacted), to tell people a secret is kept when left empty. */
  stored?: Record<string, unknown>;
  idPrefix?: string;
}

/** Renders fields generated from an adapter's JSON Schema; knows nothing about any particular adapter. */
export function SchemaForm({ fields, values, onChange, errors, stored = {}, idPrefix = 'config' }: SchemaFormProps) {
  return (
    <div className="grid gap-4">
      {fields.map((field) => (
        <FieldRow
          key={field.name}
          field={field}
          value={values[field.name]}
          stored={stored[field.name]}
          errors={errors}
          id={`${idPrefix}-${field.path.replace(/\./g, '-')}`}
          onChange={(value) => onChange({ ...values, [field.name]: value })}
        />
      ))}
    </div>
  );
}

interface FieldRowProps {
  field: Field;
  value: FormValue | undefined;
  stored: unknown;
  errors: Record<string, string>;
  id: string;
  onChange(value: FormValue): void;
}

function FieldRow({ field, value, stored, errors, id, onChange }: FieldRowProps) {
  if (field.type === 'object') {
    return (
      <fieldset className="grid gap-4 rounded-md border p-4">
        <legend className="px-1 text-sm font-medium">{field.label}</legend>
        {field.description && <p className="text-xs text-muted-foreground">{field.description}</p>}
        <SchemaForm
          fields={field.fields}
          values={(value as FormValues) ?? {}}
          stored={(stored as Record<string, unknown>) ?? {}}
          errors={errors}
          idPrefix={id}
          onChange={onChange}
        />
      </fieldset>
    );
  }
  const error = errors[field.path];
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [field.description || field.type === 'list' ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const control = { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy };

  if (field.type === 'boolean') {
    return (
      <div className="flex items-start gap-3">
        <Switch {...control} checked={value === true} onCheckedChange={(checked) => onChange(checked)} />
        <div className="grid gap-1">
          <Label htmlFor={id}>{field.label}</Label>
          {field.description && <p id={hintId} className="text-xs text-muted-foreground">{field.description}</p>}
        </div>
      </div>
    );
  }
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>
        {field.label}
        {field.required && <span className="text-destructive" aria-hidden> *</span>}
      </Label>
      <FieldControl field={field} value={value} stored={stored} control={control} onChange={onChange} />
      {(field.description || field.type === 'list') && (
        <p id={hintId} className="text-xs text-muted-foreground">
          {field.description}
          {field.type === 'list' && `${field.description ? ' — ' : ''}one per line`}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-xs font-medium text-destructive">
          {error}
        </p>
      )}
    </div>
  );
}

interface ControlProps {
  field: Exclude<Field, { type: 'object' | 'boolean' }>;
  value: FormValue | undefined;
  stored: unknown;
  control: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string };
  onChange(value: FormValue): void;
}

function FieldControl({ field, value, stored, control, onChange }: ControlProps) {
  const text = typeof value === 'string' ? value : '';
  switch (field.type) {
    case 'enum':
      return (
        <Select value={text || undefined} onValueChange={onChange}>
          <SelectTrigger {...control}>
            <SelectValue placeholder="Choose…" />
          </SelectTrigger>
          <SelectContent>
            {field.options.map((option) => (
              <SelectItem key={option} value={option}>
                {option}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      );
    case 'number':
      return <Input {...control} type="number" inputMode="numeric" step={field.integer ? 1 : 'any'} min={field.minimum} max={field.maximum} required={field.required} value={text} onChange={(e) => onChange(e.target.value)} />;
    case 'list':
      return <Textarea {...control} rows={3} value={Array.isArray(value) ? value.join('\n') : ''} onChange={(e) => onChange(e.target.value.split('\n'))} />;
    case 'json':
      return <Textarea {...control} rows={4} className="font-mono text-xs" value={text} onChange={(e) => onChange(e.target.value)} />;
    case 'string':
      if (field.secret) {
        const kept = stored === REDACTED;
        return <Input {...control} type="password" autoComplete="new-password" placeholder={kept ? 'Stored — leave empty to keep it' : ''} value={text} onChange={(e) => onChange(e.target.value)} />;
      }
      return <Input {...control} type={field.format === 'uri' ? 'url' : 'text'} required={field.required} placeholder={field.defaultValue} value={text} onChange={(e) => onChange(e.target.value)} />;
  }
}
