import { z } from 'zod';
import { redactFields } from '../../plugin.js';
import type { DestinationPlugin } from '../types.js';

export const s3ConfigSchema = z.object({
  endpoint: z.url().optional().describe('Leave empty for AWS; e.g. https://s3.eu-central-003.backblazeb2.com or http://minio:9000'),
  region: z.string().min(1).default('us-east-1'),
  bucket: z.string().min(3).max(63),
  prefix: z
    .string()
    .default('')
    .refine((p) => !p.split('/').some((s) => s === '..' || s === '.'), 'must not contain "." or ".." segments')
    .describe('Folder inside the bucket, e.g. "lifeboat/"'),
  forcePathStyle: z.boolean().default(false).describe('Needed by MinIO and most self-hosted servers'),
  accessKeyId: z.string().min(1).optional(),
  secretAccessKey: z.string().min(1).optional(),
  storageClass: z
    .enum(['STANDARD', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'GLACIER_IR', 'DEEP_ARCHIVE', 'REDUCED_REDUNDANCY'])
    .optional(),
  serverSideEncryption: z.enum(['AES256', 'aws:kms']).optional(),
  sseKmsKeyId: z.string().min(1).optional(),
  partSizeMiB: z
    .number()
    .int()
    .min(5)
    .max(512)
    .default(16)
    .describe('Multipart part size; the largest backup is 10,000 parts (16 MiB -> ~156 GiB). Memory use is about 2 parts'),
  stallTimeoutSeconds: z
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(120)
    .describe('An upload request that sees no progress this long is cut and retried (4 tries), then the backup fails'),
  objectLock: z
    .object({
      mode: z.enum(['GOVERNANCE', 'COMPLIANCE']),
      retainDays: z.number().int().min(1).max(36_500),
    })
    .optional()
    .describe('Object Lock retention set on every upload (the bucket must have Object Lock enabled)'),
});

export type S3Config = z.infer<typeof s3ConfigSchema>;

const SECRETS = ['secretAccessKey'] as const;

export const s3DestinationPlugin: DestinationPlugin<S3Config> = {
  kind: 's3',
  label: 'S3-compatible storage',
  configSchema: s3ConfigSchema,
  secretFields: SECRETS,
  create: async (config) => new (await import('./s3.destination.js')).S3Destination(config),
  redact: (config) => redactFields(config, SECRETS),
};
