/** Encryption profiles and how backups are encrypted and decrypted with them. */
export { EncryptionProfilesService, type EncryptionProfilesDeps } from './encryption-profiles.service.js';
export { decryptionFrom, type Decryption, type OneOffKeys, type StoredKeys } from './decryption-for.js';
export { encryptionSlot, type EncryptionKeys } from './encryption-slot.js';
export { recoveryKitText } from './recovery-kit.js';
export type { ProfileView, ProfileCreate, ProfilePatch, ProfileKind } from './profile-schemas.js';
