import { z } from 'zod';
import { parseRecipient } from '../../pipeline/stages/age/keys.js';

/** An age X25519 public key; post-quantum and plugin recipients are refused (Debian's `age` cannot read them). */
export const recipientSchema = z
  .string()
  .trim()
  .refine((text) => {
    try {
      parseRecipient(text);
      return true;
    } catch {
      return false;
    }
  }, 'expected an age X25519 public key like age1... (age-keygen -y prints it)');

const nameSchema = z.string().trim().min(1).max(100).regex(/^[^\p{Cc}]+$/u, 'must not contain control characters');
const recipientsSchema = z.array(recipientSchema).max(20);

export const profileCreateSchema = z.discriminatedUnion('kind', [
  z.object({
    name: nameSchema,
    /** Lifeboat generates an identity and keeps it sealed; `recipients` adds further keys (an offline key in a safe). */
    kind: z.literal('generated'),
    recipients: recipientsSchema.default([]),
  }),
  z.object({
    name: nameSchema,
    /** Write-only: Lifeboat knows public keys only, so it can write backups it cannot read. */
    kind: z.literal('recipients'),
    recipients: recipientsSchema.min(1, 'give at least one age1... recipient'),
  }),
  z.object({
    name: nameSchema,
    kind: z.literal('passphrase'),
    // Control characters would make the passphrase impossible to type at age's prompt.
    passphrase: z.string().min(8, 'use at least 8 characters').max(1024).regex(/^[^\p{Cc}]+$/u, 'must not contain control characters'),
  }),
]);

/** Keys never change once backups may use them (make a new profile instead); the name and extra recipients can. */
export const profilePatchSchema = z.object({
  name: nameSchema.optional(),
  recipients: recipientsSchema.optional(),
});

export type ProfileCreate = z.infer<typeof profileCreateSchema>;
export type ProfilePatch = z.infer<typeof profilePatchSchema>;
export type ProfileKind = ProfileCreate['kind'];

export interface ProfileRecipient {
  recipient: string;
  /** What sidecars record: first 16 hex digits of the recipient's SHA-256. */
  fingerprint: string;
  /** The generated identity's own public key (as opposed to an added one). */
  own: boolean;
}

/** A profile as the API shows it: secrets are only ever the redacted marker or null. */
export interface ProfileView {
  id: string;
  name: string;
  kind: ProfileKind;
  recipients: ProfileRecipient[];
  identity: string | null;
  passphrase: string | null;
  /** Whether Lifeboat itself can decrypt this profile's backups (false for write-only profiles). */
  canDecrypt: boolean;
  usedBy: { id: string; name: string }[];
  createdAt: string;
  updatedAt: string;
}
