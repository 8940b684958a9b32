import { mockIPC } from '@tauri-apps/api/mocks';

export type Call = { cmd: string; args: Record<string, unknown> | undefined };

/** Records every command the screen calls; `answer` gives each result (or throws the
 * backend's error). `payload` is the whole invoke payload (channels included). */
export function backendMock(
  answer: (cmd: string, args: Record<string, unknown> | undefined, payload: Record<string, unknown>) => unknown,
) {
  const calls: Call[] = [];
  mockIPC((cmd, payload) => {
    const p = (payload ?? {}) as Record<string, unknown>;
    const args = p.args as Record<string, unknown> | undefined;
    calls.push({ cmd, args });
    return answer(cmd, args, p);
  });
  return calls;
}
