import { z } from 'zod';
import { ValidationError } from '../../lib/errors.js';

export const COMPRESSION_ALGORITHMS = ['none', 'gzip', 'brotli', 'zstd', 'bzip2'] as const;
export type CompressionAlgorithm = (typeof COMPRESSION_ALGORITHMS)[number];

export interface CompressionSpec {
  algorithm: CompressionAlgorithm;
  /** null = the tool's default. */
  level: number | null;
}

const LEVELS: Record<CompressionAlgorithm, { min: number; max: number; extension: string }> = {
  none: { min: 0, max: 0, extension: '' },
  gzip: { min: 1, max: 9, extension: 'gz' },
  brotli: { min: 0, max: 11, extension: 'br' },
  zstd: { min: 1, max: 22, extension: 'zst' },
  bzip2: { min: 1, max: 9, extension: 'bz2' },
};

/** Parses `zstd`, `zstd:3`, `gzip:9`, `none`: the CLI and job form value. */
export function parseCompression(text: string): CompressionSpec {
  const [name, levelText, extra] = text.trim().toLowerCase().split(':');
  const algorithm = COMPRESSION_ALGORITHMS.find((a) => a === name);
  if (!algorithm || extra !== undefined) {
    throw new ValidationError(`Unknown compression "${text}": use one of ${COMPRESSION_ALGORITHMS.join(', ')}, optionally with :level`);
  }
  if (levelText === undefined || algorithm === 'none') return { algorithm, level: null };
  const level = Number(levelText);
  const { min, max } = LEVELS[algorithm];
  if (!Number.isInteger(level) || level < min || level > max) {
    throw new ValidationError(`Compression level for ${algorithm} must be an integer from ${min} to ${max} (got "${levelText}")`);
  }
  return { algorithm, level };
}

export const compressionSchema = z.string().transform((text, ctx) => {
  try {
    return parseCompression(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

export function compressionExtension(algorithm: CompressionAlgorithm): string {
  return LEVELS[algorithm].extension;
}

export function formatCompression(spec: CompressionSpec): string {
  return spec.level === null ? spec.algorithm : `${spec.algorithm}:${spec.level}`;
}
