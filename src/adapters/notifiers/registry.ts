import { buildRegistry } from '../plugin.js';
import { discordNotifier } from './discord/discord.notifier.js';
import { emailNotifier } from './email/email.notifier.js';
import { gotifyNotifier } from './gotify/gotify.notifier.js';
import { ntfyNotifier } from './ntfy/ntfy.notifier.js';
import { slackNotifier } from './slack/slack.notifier.js';
import { teamsNotifier } from './teams/teams.notifier.js';
import { telegramNotifier } from './telegram/telegram.notifier.js';
import type { NotifierPlugin } from './types.js';
import { webhookNotifier } from './webhook/webhook.notifier.js';

/** Every notification channel, listed explicitly. */
export const NOTIFIER_PLUGINS: readonly NotifierPlugin<never>[] = [
  discordNotifier as NotifierPlugin<never>,
  slackNotifier as NotifierPlugin<never>,
  teamsNotifier as NotifierPlugin<never>,
  webhookNotifier as NotifierPlugin<never>,
  emailNotifier as NotifierPlugin<never>,
  telegramNotifier as NotifierPlugin<never>,
  ntfyNotifier as NotifierPlugin<never>,
  gotifyNotifier as NotifierPlugin<never>,
];

export const notifierRegistry = buildRegistry('notifier', NOTIFIER_PLUGINS);
