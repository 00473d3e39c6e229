import { z } from 'zod';

/** An http(s) URL; plain http is allowed for self-hosted receivers on a private network. */
export const httpUrl = z.url({ protocol: /^https?$/, error: 'Must be an http:// or https:// URL' });
