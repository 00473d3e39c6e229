import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { SecretBox } from '../../config/secret-box.js';
import { EncryptionProfilesRepo, type EncryptionProfileRow } from '../../db/repositories/encryption/encryption-profiles.repo.js';
import type { AppDatabase } from '../../db/schema.js';
import type { EncryptionSlot } from '../../pipeline/backup.js';
import type { Sidecar } from '../../pipeline/sidecar.js';
import { generateIdentity, recipientFingerprint } from '../../pipeline/stages/encrypt.js';
import type { Clock } from '../../lib/clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { Logger } from '../../lib/logger.js';
import { REDACTED } from '../../lib/redact.js';
import { VERSION } from '../../lib/version.js';
import { decryptionFrom, type Decryption, type OneOffKeys, type StoredKeys } from './decryption-for.js';
import { encryptionSlot } from './encryption-slot.js';
import { profileCreateSchema, profilePatchSchema, type ProfileKind, type ProfileView } from './profile-schemas.js';
import { recoveryKitText } from './recovery-kit.js';

export interface EncryptionProfilesDeps {
  db: Kysely<AppDatabase>;
  box: SecretBox;
  clock: Clock;
  logger: Logger;
}

/**
 * Encryption profiles: which keys a job's backups are encrypted to. Identities and passphrases are sealed with
 * the system key and never leave the server except in a recovery kit; deleting a profile never touches backups.
 */
export class EncryptionProfilesService {
  private readonly repo: EncryptionProfilesRepo;

  constructor(private readonly deps: EncryptionProfilesDeps) {
    this.repo = new EncryptionProfilesRepo(deps.db);
  }

  async list(): Promise<ProfileView[]> {
    return Promise.all((await this.repo.list()).map((row) => this.view(row)));
  }

  async get(id: string): Promise<ProfileView> {
    return this.view(await this.require(id));
  }

  async exists(id: string): Promise<boolean> {
    return (await this.repo.find(id)) !== undefined;
  }

  async create(input: unknown): Promise<ProfileView> {
    const profile = parse(profileCreateSchema, input, 'encryption profile');
    await this.assertNameFree(profile.name);
    const now = this.deps.clock.now().toISOString();
    const row: EncryptionProfileRow = {
      id: randomUUID(), name: profile.name, kind: profile.kind, public_key: null, recipients: '[]',
      identity: null, passphrase: null, created_at: now, updated_at: now,
    };
    if (profile.kind === 'generated') {
      const generated = generateIdentity();
      row.public_key = generated.recipient;
      row.identity = this.deps.box.encrypt(generated.identity);
    }
    if (profile.kind === 'passphrase') row.passphrase = this.deps.box.encrypt(profile.passphrase);
    else row.recipients = JSON.stringify(unique(profile.recipients, row.public_key));
    await this.repo.insert(row);
    this.deps.logger.info({ profileId: row.id, kind: row.kind }, 'Encryption profile created');
    return this.get(row.id);
  }

  async update(id: string, patch: unknown): Promise<ProfileView> {
    const row = await this.require(id);
    const changes = parse(profilePatchSchema, patch, 'encryption profile change');
    const update: Partial<EncryptionProfileRow> = { updated_at: this.deps.clock.now().toISOString() };
    if (changes.name !== undefined && changes.name !== row.name) {
      await this.assertNameFree(changes.name);
      update.name = changes.name;
    }
    if (changes.recipients !== undefined) {
      if (row.kind === 'passphrase') throw new ValidationError('A passphrase profile has no recipients (age cannot mix a passphrase with recipients)', [{ path: 'recipients', message: 'not allowed for a passphrase profile' }]);
      const recipients = unique(changes.recipients, row.public_key);
      if (row.kind === 'recipients' && recipients.length === 0) throw new ValidationError('A recipient-only profile needs at least one age1... recipient', [{ path: 'recipients', message: 'empty' }]);
      update.recipients = JSON.stringify(recipients);
    }
    await this.repo.update(id, update);
    return this.get(id);
  }

  /** Refused while a job uses the profile. Backups encrypted with it stay where they are. */
  async delete(id: string): Promise<void> {
    const row = await this.require(id);
    const jobs = await this.repo.jobsUsing(id);
    if (jobs.length > 0) {
      throw new ConflictError(`Encryption profile "${row.name}" is used by job ${jobs.map((j) => `"${j.name}"`).join(', ')}: choose another profile for ${jobs.length > 1 ? 'these jobs' : 'that job'} first`);
    }
    await this.repo.delete(id);
    this.deps.logger.info({ profileId: id }, 'Encryption profile deleted (its backups stay)');
  }

  /** The backup handler's slot for a job; undefined when the job does not encrypt. */
  async encryptionFor(job: { encryptionProfileId: string | null }): Promise<EncryptionSlot | undefined> {
    if (!job.encryptionProfileId) return undefined;
    const row = await this.repo.find(job.encryptionProfileId);
    if (!row) throw new NotFoundError(`The job's encryption profile ${job.encryptionProfileId} no longer exists: choose another profile for the job`);
    if (row.kind === 'passphrase') return encryptionSlot({ passphrase: this.deps.box.decrypt(row.passphrase!) }, row.id);
    return encryptionSlot({ recipients: allRecipients(row) }, row.id);
  }

  /**
   * How to decrypt a backup: the keys of the profile that wrote it when Lifeboat holds them, plus keys given
   * for this one restore (never stored, never logged). Throws a ValidationError saying what is missing.
   */
  readonly decryptionFor = async (sidecar: Sidecar, given: OneOffKeys = {}): Promise<Decryption | undefined> => {
    if (!sidecar.encryption) return undefined;
    return decryptionFrom(sidecar.encryption, await this.storedKeys(sidecar.encryption), given);
  };

  /** The recovery kit: an age identity file (all else is `#` comments) with restore instructions. */
  async recoveryKit(id: string, actor?: string): Promise<{ filename: string; text: string }> {
    const row = await this.require(id);
    const view = await this.view(row);
    const text = recoveryKitText({
      profile: view,
      identity: row.identity ? this.deps.box.decrypt(row.identity) : undefined,
      passphrase: row.passphrase ? this.deps.box.decrypt(row.passphrase) : undefined,
      writtenAt: this.deps.clock.now(),
      version: VERSION,
    });
    // Worth an audit trail: the kit may hold the key that reads every backup of the profile.
    this.deps.logger.warn({ profileId: id, actor: actor ?? 'unknown', holdsSecret: view.canDecrypt }, 'Encryption recovery kit downloaded');
    return { filename: `lifeboat-recovery-kit-${row.name.replace(/[^\p{L}\p{N}._-]+/gu, '_')}.txt`, text };
  }

  private async storedKeys(info: NonNullable<Sidecar['encryption']>): Promise<StoredKeys> {
    const byId = info.profileId ? await this.repo.find(info.profileId) : undefined;
    // A generated profile also matches by fingerprint, e.g. a backup whose sidecar names another profile id.
    const candidates = byId ? [byId] : (await this.repo.list()).filter((r) => r.kind === 'generated');
    const holder = candidates.find((r) => r.public_key && info.recipients.includes(recipientFingerprint(r.public_key)));
    return {
      profileName: byId?.name ?? holder?.name ?? null,
      identities: holder?.identity ? [this.deps.box.decrypt(holder.identity)] : [],
      passphrase: byId?.passphrase && info.passphrase ? this.deps.box.decrypt(byId.passphrase) : undefined,
    };
  }

  private async view(row: EncryptionProfileRow): Promise<ProfileView> {
    const own = row.public_key ? [{ recipient: row.public_key, fingerprint: recipientFingerprint(row.public_key), own: true }] : [];
    const extra = (JSON.parse(row.recipients) as string[]).map((recipient) => ({ recipient, fingerprint: recipientFingerprint(recipient), own: false }));
    return {
      id: row.id,
      name: row.name,
      kind: row.kind as ProfileKind,
      recipients: [...own, ...extra],
      identity: row.identity ? REDACTED : null,
      passphrase: row.passphrase ? REDACTED : null,
      canDecrypt: Boolean(row.identity || row.passphrase),
      usedBy: await this.repo.jobsUsing(row.id),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  private async require(id: string): Promise<EncryptionProfileRow> {
    const row = await this.repo.find(id);
    if (!row) throw new NotFoundError(`No encryption profile with id ${id}`);
    return row;
  }

  private async assertNameFree(name: string): Promise<void> {
    if (await this.repo.findByName(name)) throw new ConflictError(`An encryption profile named "${name}" already exists`);
  }
}

function allRecipients(row: EncryptionProfileRow): string[] {
  return [...(row.public_key ? [row.public_key] : []), ...(JSON.parse(row.recipients) as string[])];
}

/** Added recipients without duplicates and without the profile's own key (always included anyway). */
function unique(recipients: string[], own: string | null): string[] {
  return [...new Set(recipients)].filter((r) => r !== own);
}

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  throw new ValidationError(`Invalid ${what}: ${issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ')}`, issues);
}
