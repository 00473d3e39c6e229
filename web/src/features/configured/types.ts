import type { Schemas } from '../../api/client';

export type AdapterKind = Schemas['AdapterKind'];

/** What sources and destinations share: a named, kind-specific config. */
export interface ConfiguredItem {
  id: string;
  name: string;
  kind: string;
  config: Record<string, unknown>;
}

export interface ConfiguredBody {
  name: string;
  kind: string;
  config: Record<string, unknown>;
  environment?: string | null;
}

export type TestOutcome = { ok: true; message: string } | { ok: false; message: string };
