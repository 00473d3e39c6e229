/** Where to go after sign-in: only same-site paths are followed, never another origin or the sign-in page. */
export function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') && !next.startsWith('/login') ? next : '/';
}
