import type { GeneralSettings, GeneralSettingsPatch } from './general-settings';

/** Only what the form changed, so a PATCH never overwrites a value someone else set meanwhile. */
export function changedSettings(saved: GeneralSettings, form: GeneralSettings): GeneralSettingsPatch {
  const patch: GeneralSettingsPatch = {};
  if (form.maxConcurrentJobs !== saved.maxConcurrentJobs) patch.maxConcurrentJobs = form.maxConcurrentJobs;
  if (form.workerLeaseSeconds !== saved.workerLeaseSeconds) patch.workerLeaseSeconds = form.workerLeaseSeconds;
  if (form.defaultTimeZone.trim() !== saved.defaultTimeZone) patch.defaultTimeZone = form.defaultTimeZone.trim();
  if (JSON.stringify(form.defaultRetention) !== JSON.stringify(saved.defaultRetention)) patch.defaultRetention = form.defaultRetention;
  return patch;
}

/** Every IANA zone the browser knows, for suggestions; the server checks the name itself. */
export function timeZoneNames(): string[] {
  return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];
}
