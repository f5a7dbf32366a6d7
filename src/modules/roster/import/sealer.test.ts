import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { gb11643CheckDigit } from '../../../core/identity/id-number.ts';
import { maskIdNumber } from '../../../core/identity/mask.ts';
import { createSecrets } from '../../../core/secrets.ts';
import { idNumberHash, phoneHash } from '../personal-data.ts';
import { BackgroundSealer, encodeRequestRows, requestRows } from './sealer.ts';

const secrets = createSecrets(randomBytes(32));
const idOf = (n: number) => {
  const id17 = `33048119800101${String(n).padStart(3, '0')}`;
  return `${id17}${gb11643CheckDigit(id17)}`;
};

test('the worker seals what the checks accept, with the keys of this process', async () => {
  // 25,000 rows: three chunks, the last one short. Sheet row numbers skip, as blank rows do.
  const rows = Array.from({ length: 25_000 }, (_, i) => ({ rowNumber: 3 + i * 2, idNumber: idOf(i % 1000).toLowerCase(), phone: ` 139${String(i).padStart(8, '0')} ` }));
  rows[5] = { rowNumber: rows[5]!.rowNumber, idNumber: 'not an id', phone: '' };
  const sealer = new BackgroundSealer(secrets, rows);
  try {
    await sealer.done();
    for (const i of [0, 9_999, 10_000, 24_999]) {
      const id = idOf(i % 1000);
      const phone = `139${String(i).padStart(8, '0')}`;
      const sealed = sealer.sealedFor(rows[i]!.rowNumber, id, phone);
      assert.equal(secrets.decrypt(sealed.id_number_enc), id, 'normalised (upper-case X) before sealing');
      assert.equal(sealed.id_number_hash, idNumberHash(secrets, id));
      assert.equal(secrets.decrypt(sealed.phone_enc!), phone);
      assert.equal(sealed.phone_hash, phoneHash(secrets, phone));
      assert.equal(sealed.id_number_masked, maskIdNumber(id));
    }
    // A row the worker could not seal, or sealed from other values than the checks accepted, is sealed here.
    const fixed = sealer.sealedFor(rows[5]!.rowNumber, idOf(5), null);
    assert.equal(secrets.decrypt(fixed.id_number_enc), idOf(5));
    assert.equal(fixed.phone_enc, null);
    const other = sealer.sealedFor(rows[7]!.rowNumber, idOf(7), '13900000000');
    assert.equal(secrets.decrypt(other.phone_enc!), '13900000000');
    assert.equal(secrets.decrypt(sealer.sealedFor(99_999, idOf(1), null).id_number_enc), idOf(1), 'unknown row');
  } finally {
    await sealer.close();
  }
});

test('rows cross to the worker as one string, a row per line, whatever the cells hold', () => {
  const rows = [
    { idNumber: idOf(1), phone: '13900000001' },
    { idNumber: '', phone: '' },
    { idNumber: `${idOf(2)}\n`, phone: '139\t0000\n0002' },
    { idNumber: idOf(3), phone: '' },
  ];
  assert.deepEqual(requestRows(encodeRequestRows(rows)), [
    [idOf(1), '13900000001'],
    ['', ''],
    // A tab or line break would shift every later row: it becomes a space (the checks decide what the value is).
    [`${idOf(2)} `, '139 0000 0002'],
    [idOf(3), ''],
  ]);
});
