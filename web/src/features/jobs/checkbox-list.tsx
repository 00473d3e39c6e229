/** A labelled group of checkboxes (native inputs: keyboard and screen-reader friendly as they are). */
export function CheckboxList({ legend, options, selected, onChange }: { legend: string; options: { value: string; label: string; hint?: string }[]; selected: string[]; onChange(next: string[]): void }) {
  return (
    <fieldset className="grid gap-1.5">
      <legend className="mb-1.5 text-sm font-medium">{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="flex cursor-pointer items-center gap-2.5 rounded-md border bg-card px-3 py-2 text-sm hover:bg-accent has-[:checked]:border-primary/60 has-[:checked]:bg-primary/5">
          <input
            type="checkbox"
            className="size-4 accent-[var(--primary)]"
            checked={selected.includes(option.value)}
            onChange={(e) => onChange(e.target.checked ? [...selected, option.value] : selected.filter((v) => v !== option.value))}
          />
          <span className="font-medium">{option.label}</span>
          {option.hint && <span className="ml-auto text-xs text-muted-foreground">{option.hint}</span>}
        </label>
      ))}
    </fieldset>
  );
}
