import { parentPort, workerData } from 'node:worker_threads';
import { createSecrets } from '../../../core/secrets.ts';
import { parseIdNumber } from '../../../core/identity/id-number.ts';
import { isPhoneInfo, parsePhone } from '../../../core/identity/phone.ts';
import { sealIdentity } from '../personal-data.ts';
import { sealedColumns, sealedKey } from './sealed-text.ts';
import type { SealRequest, SealResponse } from './sealer.ts';

// Runs in a worker thread: seals what the row checks will accept, so the main thread can check rows meanwhile.
const secrets = createSecrets(Buffer.from(workerData as Uint8Array));

parentPort!.on('message', (request: SealRequest) => {
  let lines = '';
  for (const [idRaw, phoneRaw] of request.rows) {
    const id = parseIdNumber(idRaw);
    if (!('problem' in id)) {
      const phoneInfo = phoneRaw ? parsePhone(phoneRaw) : null;
      const phone = phoneInfo && isPhoneInfo(phoneInfo) ? phoneInfo.normalized : null;
      lines += sealedKey(id.normalized, phone) + sealedColumns(sealIdentity(secrets, id.normalized, phone));
    }
    // An empty line: nothing sealed for this row (the checks will refuse its ID number).
    lines += '\n';
  }
  const response: SealResponse = { seq: request.seq, lines };
  parentPort!.postMessage(response);
});
