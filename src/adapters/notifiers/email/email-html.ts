import type { NotificationSeverity } from '../../../domain/notification-events.js';
import type { NotificationMessage } from '../templates/message.js';

const COLORS: Record<NotificationSeverity, string> = { success: '#2e7d32', info: '#1565c0', warning: '#b26a00', failure: '#c62828' };

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Simple inline-styled HTML: mail clients ignore style sheets, and a table lays out in all of them. */
export function emailHtml(message: NotificationMessage): string {
  const rows = message.fields
    .map((f) => `<tr><th align="left" style="padding:2px 12px 2px 0;color:#555">${escapeHtml(f.label)}</th><td>${escapeHtml(f.value)}</td></tr>`)
    .join('');
  const error = message.error
    ? `<p style="margin:12px 0;padding:8px;background:#fdecea;font-family:monospace">${escapeHtml(message.error)}</p>`
    : '';
  const link = message.link ? `<p><a href="${escapeHtml(message.link)}">Open in Lifeboat</a></p>` : '';
  return [
    '<!doctype html><html><body style="font-family:sans-serif;font-size:14px;color:#222">',
    `<h2 style="margin:0 0 8px;color:${COLORS[message.severity]}">${escapeHtml(message.title)}</h2>`,
    `<p style="margin:0">${escapeHtml(message.summary)}</p>`,
    error,
    `<table style="margin-top:12px;border-collapse:collapse">${rows}</table>`,
    link,
    `<p style="color:#888;font-size:12px">Lifeboat · ${escapeHtml(message.occurredAt)}</p>`,
    '</body></html>',
  ].join('');
}
