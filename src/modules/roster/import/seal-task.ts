import { parentPort, workerData } from 'node:worker_threads';
import { createSecrets } from '../../../core/secrets.ts';
import { parseIdNumber } from '../../../core/identity/id-number.ts';
import { isPhoneInfo, parsePhone } from '../../../core/identity/phone.ts';
import { sealIdentities } from '../personal-data.ts';
import { sealedColumns, sealedKey } from './sealed-text.ts';
import { requestRows, type SealRequest, type SealResponse } from './sealer.ts';

// Runs in a worker thread: seals what the row checks will accept, so the main thread can check rows meanwhile.
const secrets = createSecrets(Buffer.from(workerData as Uint8Array));

parentPort!.on('message', (request: SealRequest) => {
  // Only rows whose ID number reads are sealed; the others get an empty line (the checks will refuse them).
  const people: { key: string; idNumber: string; phone: string | null }[] = [];
  const sealedRow: boolean[] = [];
  for (const [idRaw, phoneRaw] of requestRows(request.rows)) {
    const id = parseIdNumber(idRaw);
    sealedRow.push(!('problem' in id));
    if ('problem' in id) continue;
    const phoneInfo = phoneRaw ? parsePhone(phoneRaw) : null;
    const phone = phoneInfo && isPhoneInfo(phoneInfo) ? phoneInfo.normalized : null;
    people.push({ key: sealedKey(id.normalized, phone), idNumber: id.normalized, phone });
  }
  const sealed = sealIdentities(secrets, people);
  let lines = '';
  let next = 0;
  for (const row of sealedRow) {
    if (row) {
      lines += people[next]!.key + sealedColumns(sealed[next]!);
      next++;
    }
    lines += '\n';
  }
  const response: SealResponse = { seq: request.seq, lines };
  parentPort!.postMessage(response);
});
