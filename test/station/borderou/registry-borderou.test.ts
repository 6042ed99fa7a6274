/**
 * «Borderoul zilei de la registratură»: the day's borderou taken from the real registry server (real
 * HTTP on loopback) is the same LoadedBorderou a CSV file of the same bytes gives; the failures a
 * clerk can meet are Romanian errors that change nothing.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStationError, type StationError } from '../../../shared/src/errors.ts';
import { loadBorderou } from '../../../station/src/borderou/load-borderou.ts';
import { loadRegistryBorderou, previewRegistryBorderou } from '../../../station/src/borderou/registry-borderou.ts';
import { RegistryClient } from '../../../station/src/report/registry-client.ts';
import { downRegistry, REGISTRY_ADMIN_TOKEN, startRegistry, type RegistryApp } from '../../support/registry-app.ts';
import { listTree, makeTempDir } from '../../support/temp-dirs.ts';

// a registry export: Windows-1250 (its ş ţ have a cedilla; the parser gives ș ț), «;», CRLF
const CSV = iconv.encode('numar_inregistrare;structura;nr_file;data;observatii\r\n100/04.10.2021;Direcţia Urbanism;3;;\r\n101/04.10.2021;Serviciul Impozite şi Taxe;1;;urgent\r\n', 'windows-1250');

async function failure(p: Promise<unknown>): Promise<StationError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(isStationError(err)).toBe(true);
  return err as StationError;
}

/** A registry client's answer for the day: `bytes` with their checksum, as the registry sends a CSV it accepted. */
function answering(bytes: Buffer, date: string, version: number): RegistryClient {
  const answer = { date, version, uploadedAt: `${date}T07:00:00.000Z`, entries: 1, sha256: createHash('sha256').update(bytes).digest('hex'), csvBase64: bytes.toString('base64') };
  return { dayBorderou: async () => answer } as unknown as RegistryClient;
}

/**
 * Bytes this process has read so far, files and pipes alike (Linux: /proc/self/io, `rchar`, which needs
 * the kernel's task I/O accounting). Meaningful only because vitest runs each file in a process of its
 * own (`pool: 'forks'` in vitest.config.ts): under threads other files' reads would count too.
 */
function bytesRead(): number {
  return Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))![1]);
}

describe('loadRegistryBorderou', () => {
  let registry: RegistryApp;
  let token: string;
  let tmp: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    registry = await startRegistry();
    token = await registry.addStation('statia-1');
    tmp = await makeTempDir('registry-borderou-');
    const res = await fetch(`${registry.base}/api/borderouri?date=2021-10-04`, {
      method: 'POST', headers: { authorization: `Bearer ${REGISTRY_ADMIN_TOKEN}`, 'content-type': 'text/csv' }, body: new Uint8Array(CSV),
    });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await registry.close();
    await tmp.cleanup();
  });

  it('gives the LoadedBorderou a CSV file of the same bytes gives, from a file kept in the folder', async () => {
    const dir = path.join(tmp.dir, 'lot-1');
    const got = await loadRegistryBorderou(new RegistryClient({ url: registry.base, token }), '2021-10-04', dir);
    expect(got.file).toBe(path.join(dir, 'borderou-registratura-2021-10-04-v1.csv'));
    expect(got).toMatchObject({ day: '2021-10-04', version: 1, uploadedAt: expect.any(String) });
    const picked = path.join(tmp.dir, 'picked.csv');
    await writeFile(picked, CSV);
    const fromFile = await loadBorderou(picked);
    expect(got.entries).toEqual(fromFile.entries);
    expect({ encoding: got.encoding, delimiter: got.delimiter }).toEqual({ encoding: fromFile.encoding, delimiter: fromFile.delimiter });
    expect(got.entries.map((e) => e.department)).toEqual(['Direcția Urbanism', 'Serviciul Impozite și Taxe']);
    // loading the kept file again (what the review page does) gives the same entries
    expect((await loadBorderou(got.file)).entries).toEqual(got.entries);
  });

  it('no borderou for that day: NOT_FOUND naming the day, nothing written', async () => {
    const dir = path.join(tmp.dir, 'lot-2');
    const err = await failure(loadRegistryBorderou(new RegistryClient({ url: registry.base, token }), '2021-10-05', dir));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toBe('Registratura nu a încărcat încă borderoul zilei 05.10.2021 pe server. Cereți registraturii să-l încarce sau alegeți fișierul CSV al borderoului.');
    expect(await listTree(dir)).toBeNull();
  });

  it('server unreachable: SERVER_UNREACHABLE naming the server; a wrong token: UNAUTHORIZED; no server configured: USAGE', async () => {
    const { url } = await downRegistry();
    const down = await failure(loadRegistryBorderou(new RegistryClient({ url, token }), '2021-10-04', path.join(tmp.dir, 'lot-3')));
    expect(down.code).toBe('SERVER_UNREACHABLE');
    expect(down.message).toBe(`Serverul registraturii (${url}) nu poate fi contactat, deci borderoul zilei nu a putut fi luat de acolo. Alegeți fișierul CSV al borderoului sau încercați din nou mai târziu.`);
    const wrong = await failure(loadRegistryBorderou(new RegistryClient({ url: registry.base, token: 'sst_gresit' }), '2021-10-04', path.join(tmp.dir, 'lot-3')));
    expect(wrong.code).toBe('UNAUTHORIZED');
    expect(wrong.message).toContain('Verificați tokenul din configurația stației.');
    const none = await failure(loadRegistryBorderou(null, '2021-10-04', path.join(tmp.dir, 'lot-3')));
    expect(none.code).toBe('USAGE');
    expect(none.message).toContain('Alegeți fișierul CSV al borderoului.');
    expect(await listTree(path.join(tmp.dir, 'lot-3'))).toBeNull();
  });

  it('the registry\'s CSV with bad rows: CSV_INVALID naming the day and version, asking the registry to upload it again; the rows in details, nothing kept', async () => {
    // the server checks uploads with its own rules; one the station's parser refuses (an older server, a
    // newer station) arrives as bytes like any other: a client answering with it, checksum and all
    const bad = iconv.encode('numar_inregistrare;structura;nr_file\r\n200/06.10.2021;Urbanism;doua\r\n', 'windows-1250');
    const client = {
      dayBorderou: async () => ({ date: '2021-10-06', version: 2, uploadedAt: '2021-10-06T07:00:00.000Z', entries: 1, sha256: createHash('sha256').update(bad).digest('hex'), csvBase64: bad.toString('base64') }),
    } as unknown as RegistryClient;
    const dir = path.join(tmp.dir, 'lot-rau');
    const err = await failure(loadRegistryBorderou(client, '2021-10-06', dir));
    expect(err.code).toBe('CSV_INVALID');
    expect(err.message.split('\n')[0]).toBe('Borderoul zilei 06.10.2021 încărcat de registratură (versiunea 2) are rânduri greșite, deci nu poate fi folosit. Cereți registraturii să-l încarce din nou, corectat, sau alegeți fișierul CSV al borderoului.');
    expect(err.message).toContain('Rânduri greșite în borderou: 1');
    expect(err.message).not.toContain(dir); // the file is not kept: never named to the clerk
    expect(err.message).not.toContain('corectați-le');
    expect(err.details).toMatchObject({ day: '2021-10-06', version: 2, errors: [expect.objectContaining({ line: 2 })] });
    expect(await listTree(dir)).toBeNull(); // not even the folder
    // the scan page's look makes the same checks on the bytes in memory: the same error
    const looked = await failure(previewRegistryBorderou(client, '2021-10-06'));
    expect({ code: looked.code, message: looked.message, details: looked.details }).toEqual({ code: err.code, message: err.message, details: err.details });
  });

  it('the registry\'s bytes the decoder refuses (binary): its own Romanian reason, not «no document»; nothing kept', async () => {
    const bin = Buffer.from([0x61, 0x62, 0x3b, 0x63, 0x00, 0x01, 0x02, 0x0a, 0x00, 0xff]);
    const client = {
      dayBorderou: async () => ({ date: '2021-10-07', version: 3, uploadedAt: '2021-10-07T07:00:00.000Z', entries: 1, sha256: createHash('sha256').update(bin).digest('hex'), csvBase64: bin.toString('base64') }),
    } as unknown as RegistryClient;
    const dir = path.join(tmp.dir, 'lot-binar');
    const want = 'Borderoul zilei 07.10.2021 încărcat de registratură (versiunea 3) nu poate fi folosit: Fișierul conține date binare (octeți 0): nu este un borderou CSV. Cereți registraturii să-l încarce din nou, corectat, sau alegeți fișierul CSV al borderoului.';
    const err = await failure(loadRegistryBorderou(client, '2021-10-07', dir));
    expect(err.code).toBe('CSV_INVALID');
    expect(err.message).toBe(want);
    expect(err.message).not.toContain(dir);
    expect(await listTree(dir)).toBeNull();
    const looked = await failure(previewRegistryBorderou(client, '2021-10-07'));
    expect({ code: looked.code, message: looked.message }).toEqual({ code: 'CSV_INVALID', message: want });
  });

  it('a download that cannot be used leaves a file of that name already in the folder as it was', async () => {
    // the same day and version kept by an earlier station (its parser accepted it); this station's refuses the bytes
    const bad = iconv.encode('numar_inregistrare;structura;nr_file\r\n200/06.10.2021;Urbanism;doua\r\n', 'windows-1250');
    const dir = path.join(tmp.dir, 'lot-pastrat');
    const kept = path.join(dir, 'borderou-registratura-2021-10-06-v2.csv');
    await mkdir(dir);
    await writeFile(kept, CSV);
    const err = await failure(loadRegistryBorderou(answering(bad, '2021-10-06', 2), '2021-10-06', dir));
    expect(err.code).toBe('CSV_INVALID');
    expect(await listTree(dir)).toEqual(['borderou-registratura-2021-10-06-v2.csv']);
    expect((await readFile(kept)).equals(CSV)).toBe(true);
  });

  it('a usable download is checked in memory and written, never read back from its file', async () => {
    // about 1 MB of rows (long notes), so reading the file back would show in the process's read count
    const rows = Array.from({ length: 2000 }, (_, i) => `${300 + i}/08.10.2021;Direcția Urbanism;2;;${'cerere de autorizare '.repeat(24)}`);
    const big = iconv.encode(`numar_inregistrare;structura;nr_file;data;observatii\r\n${rows.join('\r\n')}\r\n`, 'windows-1250');
    expect(big.length).toBeGreaterThan(1_000_000);
    const client = answering(big, '2021-10-08', 1);
    await loadRegistryBorderou(client, '2021-10-08', path.join(tmp.dir, 'lot-cald')); // every module loaded before counting
    const before = bytesRead();
    const got = await loadRegistryBorderou(client, '2021-10-08', path.join(tmp.dir, 'lot-mare'));
    const read = bytesRead() - before;
    expect(got.entries).toHaveLength(2000);
    expect((await readFile(got.file)).equals(big)).toBe(true);
    expect(read).toBeLessThan(big.length / 4);
  });

  it('a look (previewRegistryBorderou) gives what loading it gives, and the CSV\'s bytes as uploaded', async () => {
    const client = new RegistryClient({ url: registry.base, token });
    const looked = await previewRegistryBorderou(client, '2021-10-04');
    const loaded = await loadRegistryBorderou(client, '2021-10-04', path.join(tmp.dir, 'lot-look'));
    const { file: _file, ...rest } = loaded;
    expect({ ...looked, csv: undefined }).toEqual({ ...rest, csv: undefined });
    expect(looked.csv.equals(CSV)).toBe(true);
  });
});

describe('the registry answered, but not with a usable borderou: SERVER_ERROR (reached), never SERVER_UNREACHABLE', () => {
  let server: Server;
  let url: string;
  let answer: (res: ServerResponse) => void = (res) => res.end();
  let tmp: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    tmp = await makeTempDir('registry-borderou-error-');
    server = createServer((_req, res) => answer(res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await tmp.cleanup();
  });
  const json = (status: number, body: string) => (res: ServerResponse) => res.writeHead(status, { 'content-type': 'application/json' }).end(body);

  it.each([503, 500, 429, 408])('HTTP %i: SERVER_ERROR with the status, in Romanian, nothing written (the old code: SERVER_UNREACHABLE)', async (status) => {
    answer = json(status, '{"error":{"code":"INTERNAL","message":"x"}}');
    const dir = path.join(tmp.dir, `lot-${status}`);
    const err = await failure(loadRegistryBorderou(new RegistryClient({ url, token: 'sst_x' }), '2021-10-04', dir));
    expect(err).toMatchObject({ code: 'SERVER_ERROR', details: { status } });
    expect(err.message).toBe(`Serverul registraturii a răspuns cu o eroare (${status}) la cererea borderoului zilei. Alegeți fișierul CSV al borderoului sau încercați din nou mai târziu.`);
    expect(await listTree(dir)).toBeNull();
  });

  it.each(['"ok"', '42', '{"date":"2021-10-04"}', '<h1>?</h1>'])('HTTP 200 with a body that is no borderou (%s): SERVER_ERROR, unreadable answer', async (text) => {
    answer = json(200, text);
    const err = await failure(previewRegistryBorderou(new RegistryClient({ url, token: 'sst_x' }), '2021-10-04'));
    expect(err).toMatchObject({ code: 'SERVER_ERROR', details: { status: 200 } });
    expect(err.message).toBe('Serverul registraturii a răspuns (200) la cererea borderoului zilei, dar răspunsul lui nu a putut fi citit. Alegeți fișierul CSV al borderoului sau încercați din nou mai târziu.');
  });

  it('bytes that do not match the checksum sent with them: SERVER_ERROR «a sosit incomplet», nothing written', async () => {
    const sha256 = createHash('sha256').update(CSV).digest('hex');
    answer = json(200, JSON.stringify({ date: '2021-10-04', version: 1, uploadedAt: '2021-10-04T07:00:00.000Z', entries: 2, sha256, csvBase64: CSV.subarray(0, 40).toString('base64') }));
    const dir = path.join(tmp.dir, 'lot-incomplet');
    const err = await failure(loadRegistryBorderou(new RegistryClient({ url, token: 'sst_x' }), '2021-10-04', dir));
    expect(err).toMatchObject({ code: 'SERVER_ERROR', details: { day: '2021-10-04', version: 1 } });
    expect(err.message).toBe('Borderoul zilei a sosit incomplet de la serverul registraturii. Încercați din nou.');
    expect(await listTree(dir)).toBeNull();
  });
});
