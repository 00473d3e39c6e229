import { MoreHorizontal, Pencil, PlugZap, Trash2 } from 'lucide-react';
import type { ReactNode } from 'react';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from '../../components/ui/dropdown-menu';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import { TestStatus } from './test-status';
import type { AdapterKind, ConfiguredItem, TestOutcome } from './types';

export interface ExtraColumn<T> {
  header: string;
  cell(item: T): ReactNode;
}

export interface ConfiguredTableProps<T extends ConfiguredItem> {
  noun: string;
  items: T[];
  kinds: AdapterKind[];
  columns?: ExtraColumn<T>[];
  tests: Record<string, { pending: boolean; outcome?: TestOutcome }>;
  onTest(item: T): void;
  /** Left out when the user may not change these (the menu is hidden then). */
  onEdit?(item: T): void;
  onDelete?(item: T): void;
  rowActions?(item: T): ReactNode;
}

/** The list shared by sources and destinations: name, kind, page-specific columns, connection test, actions. */
export function ConfiguredTable<T extends ConfiguredItem>({ noun, items, kinds, columns = [], tests, onTest, onEdit, onDelete, rowActions }: ConfiguredTableProps<T>) {
  const label = (kind: string) => kinds.find((k) => k.kind === kind)?.label ?? kind;
  return (
    <div className="rounded-lg border bg-card">
      <Table aria-label={`${noun}s`}>
        <TableHeader>
          <TableRow>
            <TableHead>Name</TableHead>
            <TableHead>Kind</TableHead>
            {columns.map((c) => (
              <TableHead key={c.header}>{c.header}</TableHead>
            ))}
            <TableHead>Connection</TableHead>
            <TableHead className="w-px text-right">
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((item) => (
            <TableRow key={item.id}>
              <TableCell className="font-medium">{item.name}</TableCell>
              <TableCell>
                <Badge variant="secondary">{label(item.kind)}</Badge>
              </TableCell>
              {columns.map((c) => (
                <TableCell key={c.header}>{c.cell(item)}</TableCell>
              ))}
              <TableCell className="max-w-80">
                <TestStatus pending={tests[item.id]?.pending ?? false} outcome={tests[item.id]?.outcome} />
              </TableCell>
              <TableCell>
                <div className="flex items-center justify-end gap-1">
                  {rowActions?.(item)}
                  <Button variant="outline" size="sm" onClick={() => onTest(item)} aria-label={`Test connection to ${item.name}`}>
                    <PlugZap aria-hidden /> Test
                  </Button>
                  {onEdit && onDelete && <DropdownMenu>
                    <DropdownMenuTrigger asChild>
                      <Button variant="ghost" size="icon" aria-label={`More actions for ${item.name}`}>
                        <MoreHorizontal aria-hidden />
                      </Button>
                    </DropdownMenuTrigger>
                    <DropdownMenuContent>
                      <DropdownMenuItem onSelect={() => onEdit(item)}>
                        <Pencil aria-hidden /> Edit
                      </DropdownMenuItem>
                      <DropdownMenuSeparator />
                      <DropdownMenuItem className="text-destructive" onSelect={() => onDelete(item)}>
                        <Trash2 aria-hidden /> Delete
                      </DropdownMenuItem>
                    </DropdownMenuContent>
                  </DropdownMenu>}
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
