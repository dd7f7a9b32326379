import type { RemoteSettings } from './resolveConfig.js';
import { readJson, writeJson } from './storage.js';

const MAX_AGE_MS = 60 * 60 * 1000;
const TIMEOUT_MS = 3000;
const local = () => window.localStorage;

/**
 * The project's recording settings from the server, cached for an hour. A fresh cache is
 * used at once; otherwise the server is asked (3 s at most), falling back to a stale cache.
 */
export async function loadRemoteSettings(host: string, token: string): Promise<RemoteSettings> {
  const key = `td_remote_${token}`;
  const cached = readJson<{ at: number; settings: RemoteSettings }>(local, key);
  if (cached && Date.now() - cached.at < MAX_AGE_MS) return cached.settings;
  try {
    const url = `${host}/api/projects/${encodeURIComponent(token)}/recording-config`;
    const response = await fetch(url, {
      credentials: 'omit',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(String(response.status));
    const settings = (await response.json()) as RemoteSettings;
    writeJson(local, key, { at: Date.now(), settings });
    return settings;
  } catch {
    return cached?.settings ?? {};
  }
}
