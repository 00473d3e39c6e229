import type { EncryptionSlot } from '../../pipeline/backup.js';
import { createEncryptStage } from '../../pipeline/stages/encrypt.js';

export interface EncryptionKeys {
  /** age1... public keys. */
  recipients?: string[];
  passphrase?: string;
}

/**
 * The one mapping from keys to the backup pipeline's encryption slot, shared by `lifeboat backup` flags and
 * encryption profiles. The sidecar gets the profile id and recipient fingerprints, never key material.
 */
export function encryptionSlot(keys: EncryptionKeys, profileId: string | null = null): EncryptionSlot {
  const stage = createEncryptStage({ recipients: keys.recipients, passphrase: keys.passphrase });
  return {
    transform: () => stage.transform(),
    info: { algorithm: 'age', profileId, recipients: stage.info.recipientFingerprints, passphrase: stage.info.mode === 'passphrase' },
  };
}
