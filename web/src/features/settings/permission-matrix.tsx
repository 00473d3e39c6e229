import type { Schemas } from '../../api/client';

type Catalog = Schemas['PermissionCatalog'];

const ACTION_HINTS: Record<string, string> = { read: 'see', write: 'change', execute: 'run' };

/** Resources × actions as a grid of labelled checkboxes; `disabled` shows a built-in group read-only. */
export function PermissionMatrix({ catalog, selected, onChange, disabled }: { catalog: Catalog; selected: string[]; onChange(next: string[]): void; disabled?: boolean }) {
  const toggle = (permission: string, on: boolean) => onChange(on ? [...selected, permission] : selected.filter((p) => p !== permission));
  return (
    <fieldset className="grid gap-2" disabled={disabled}>
      <legend className="mb-1 text-sm font-medium">Permissions</legend>
      <div className="max-h-72 overflow-auto rounded-md border">
        <table className="w-full text-sm">
          <thead className="sticky top-0 bg-muted text-xs text-muted-foreground">
            <tr>
              <th scope="col" className="px-3 py-1.5 text-left font-medium">Resource</th>
              {catalog.actions.map((action) => <th key={action} scope="col" className="px-3 py-1.5 font-medium">{action} <span className="font-normal">({ACTION_HINTS[action] ?? action})</span></th>)}
            </tr>
          </thead>
          <tbody>
            {catalog.resources.map((resource) => (
              <tr key={resource} className="border-t">
                <th scope="row" className="px-3 py-1 text-left font-normal">{resource}</th>
                {catalog.actions.map((action) => {
                  const permission = `${resource}:${action}`;
                  return (
                    <td key={action} className="px-3 py-1 text-center">
                      <input type="checkbox" className="size-4 accent-[var(--primary)]" aria-label={permission}
                        checked={selected.includes(permission)} onChange={(e) => toggle(permission, e.target.checked)} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}
