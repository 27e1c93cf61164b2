import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS, IPC_PREFIX } from '../../shared/ipc/channels';

// The whole bridge: one function that can reach exactly the contract's channels.
const allowed = new Set<string>(CHANNELS);

contextBridge.exposeInMainWorld('mishen', {
  invoke(channel: string, payload: unknown): Promise<unknown> {
    if (!allowed.has(channel)) return Promise.reject(new Error(`unknown channel ${channel}`));
    return ipcRenderer.invoke(`${IPC_PREFIX}${channel}`, payload);
  },
});
