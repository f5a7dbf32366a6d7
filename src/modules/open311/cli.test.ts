import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { runApiKeyCli } from './cli.ts';

const sink = () => {
  const chunks: string[] = [];
  return { text: () => chunks.join(''), stream: new Writable({ write(chunk, _enc, done) { chunks.push(String(chunk)); done(); } }) };
};

test('api-key needs `create --name NAME`, else it prints its usage and exits 2', async () => {
  for (const args of [[], ['create'], ['create', '--name'], ['create', '--name', '--x'], ['delete', '--name', 'a']]) {
    const [out, err] = [sink(), sink()];
    assert.equal(await runApiKeyCli(args, out.stream, err.stream), 2, args.join(' '));
    assert.match(err.text(), /gongzhi api-key create --name NAME/);
    assert.equal(out.text(), '');
  }
});
