/** Tables of migration 007 (see src/db/migrations/007-encryption-profiles.ts). */
export interface EncryptionProfilesTable {
  id: string;
  name: string;
  /** 'generated' | 'recipients' | 'passphrase'. */
  kind: string;
  /** The generated identity's own age1... recipient; null for other kinds. */
  public_key: string | null;
  /** JSON array of further age1... recipients (all of them for a recipient-only profile). */
  recipients: string;
  /** AGE-SECRET-KEY-1..., sealed with the system key; only for generated profiles. */
  identity: string | null;
  /** Sealed with the system key; only for passphrase profiles. */
  passphrase: string | null;
  created_at: string;
  updated_at: string;
}

export interface EncryptionTables {
  encryption_profiles: EncryptionProfilesTable;
}
