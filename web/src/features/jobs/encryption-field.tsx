import type { Schemas } from '../../api/client';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { useEncryptionProfiles } from './hooks';

type Profile = Schemas['EncryptionProfile'];

const NONE = 'none';
const KIND: Record<Profile['kind'], string> = {
  generated: 'generated key',
  recipients: 'write-only: public key only',
  passphrase: 'passphrase',
};

/** What restoring a backup will take, in words, for the chosen profile. */
function restoreHint(profile: Profile | undefined): string {
  if (!profile) return 'Backups are stored unencrypted: anyone who can read the destination can read them.';
  if (profile.canDecrypt) return 'Lifeboat holds the key: it can restore these backups itself. Keep the recovery kit somewhere safe.';
  return 'Lifeboat can only encrypt: restoring needs the private key, which stays with you.';
}

/** The job's encryption profile, or none; profiles are set up under Settings → Encryption. */
export function EncryptionField({ value, onChange }: { value: string | null; onChange(value: string | null): void }) {
  const profiles = useEncryptionProfiles();
  const chosen = profiles.data?.find((p) => p.id === value);
  return (
    <div className="grid gap-1.5">
      <Label htmlFor="job-encryption">Encryption</Label>
      <Select value={value ?? NONE} onValueChange={(next) => onChange(next === NONE ? null : next)} disabled={profiles.isError}>
        <SelectTrigger id="job-encryption">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={NONE}>None</SelectItem>
          {profiles.data?.map((p) => (
            <SelectItem key={p.id} value={p.id}>
              {p.name} ({KIND[p.kind]})
            </SelectItem>
          ))}
          {value && profiles.isSuccess && !chosen && <SelectItem value={value}>A profile you cannot see</SelectItem>}
        </SelectContent>
      </Select>
      <p className="text-xs text-muted-foreground">
        {profiles.isError
          ? `The encryption profiles could not be listed (${profiles.error.message}).`
          : profiles.data?.length === 0
            ? 'No encryption profile yet: create one under Settings → Encryption to encrypt this job\'s backups.'
            : restoreHint(chosen)}
      </p>
    </div>
  );
}
