import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, trustedProxies } from '../../server/src/config.ts';
import { isStationError } from '../../shared/src/errors.ts';
import { tempDir } from './helpers/test-app.ts';

function configError(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (isStationError(err, 'CONFIG_INVALID')) return err.message;
    throw err;
  }
  throw new Error('no error');
}

describe('config', () => {
  it('has defaults', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', dataDir: '/srv/app/data', adminToken: undefined, timeZone: 'Europe/Bucharest' });
  });

  it('reads the environment over the config file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'server.json'), JSON.stringify({ port: 9000, host: '0.0.0.0', dataDir: 'store' }));
    const config = loadConfig({ SERVER_CONFIG: 'server.json', PORT: '9100' }, dir);
    expect(config.port).toBe(9100);
    expect(config.host).toBe('0.0.0.0');
    expect(config.dataDir).toBe(join(dir, 'store'));
  });

  it('rejects unknown keys, wrong types and bad values, in Romanian', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ prot: 1 }));
    expect(configError(() => loadConfig({ SERVER_CONFIG: 'a.json' }, dir))).toMatch(/Chei necunoscute.*prot/);
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ port: '80' }));
    expect(configError(() => loadConfig({ SERVER_CONFIG: 'b.json' }, dir))).toMatch(/număr întreg/);
    writeFileSync(join(dir, 'c.json'), '{ nu e json');
    expect(configError(() => loadConfig({ SERVER_CONFIG: 'c.json' }, dir))).toMatch(/JSON/);
    expect(configError(() => loadConfig({ PORT: '70000' }, dir))).toMatch(/PORT/);
    expect(configError(() => loadConfig({ TIME_ZONE: 'Europe/Nowhere' }, dir))).toMatch(/timeZone/);
    expect(configError(() => loadConfig({ ADMIN_TOKEN: 'short' }, dir))).toMatch(/adminToken/);
  });

  it('trusts no reverse proxy by default; TRUST_PROXY (trustProxy in the file) names them, each checked', () => {
    const dir = tempDir();
    expect(loadConfig({}, dir).trustProxy).toBeUndefined();
    expect(trustedProxies(loadConfig({}, dir).trustProxy)).toBeUndefined();
    const config = loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.16/28,::1,fd00::10/124,loopback' }, dir);
    expect(trustedProxies(config.trustProxy)).toEqual(['127.0.0.1', '10.0.0.16/28', '::1', 'fd00::10/124', 'loopback']);
    writeFileSync(join(dir, 'proxy.json'), JSON.stringify({ trustProxy: '192.168.1.10' }));
    expect(loadConfig({ SERVER_CONFIG: 'proxy.json' }, dir).trustProxy).toBe('192.168.1.10');
    for (const bad of ['true', '*', '10.0.0.0/33', '10.0.0.1,', 'proxy.local', '::1/129', '10.0.0.0/8/1', 'uniquelocal', 'linklocal']) {
      expect(configError(() => loadConfig({ TRUST_PROXY: bad }, dir))).toMatch(/^Configurația nu este validă: „trustProxy” \(variabila TRUST_PROXY\) „.*” nu este o adresă IP/);
    }
    // a range wide enough to hold the clerks' PCs would let any of them claim another address
    for (const wide of ['0.0.0.0/0', '::/0', '10.0.0.0/8', '192.168.1.0/24', '10.0.0.0/27', 'fd00::/8', 'fe80::/64', 'fd00::/123']) {
      expect(configError(() => loadConfig({ TRUST_PROXY: wide }, dir))).toMatch(/^Configurația nu este validă: „trustProxy” \(variabila TRUST_PROXY\) „.*” cuprinde prea multe adrese/);
    }
    writeFileSync(join(dir, 'proxy-bool.json'), JSON.stringify({ trustProxy: true }));
    expect(configError(() => loadConfig({ SERVER_CONFIG: 'proxy-bool.json' }, dir))).toMatch(/trustProxy.*text nevid/);
  });

  it('says why an admin token is refused, without echoing it', () => {
    const dir = tempDir();
    const short = configError(() => loadConfig({ ADMIN_TOKEN: 'parola-scurta' }, dir));
    expect(short).toBe('Configurația nu este validă: „adminToken” (variabila ADMIN_TOKEN) este prea scurt: are 13 caractere, '
      + 'trebuie cel puțin 16; lăsați-l nesetat și serverul generează unul în <DATA_DIR>/admin-token.');
    expect(short).not.toContain('parola-scurta');
    const spaces = configError(() => loadConfig({ ADMIN_TOKEN: 'un token cu spatii lung' }, dir));
    expect(spaces).toBe('Configurația nu este validă: „adminToken” (variabila ADMIN_TOKEN) poate conține doar caractere ASCII vizibile '
      + '(fără spații, diacritice sau caractere de control).');
    expect(configError(() => loadConfig({ ADMIN_TOKEN: 'x'.repeat(513) }, dir))).toMatch(/este prea lung: are 513 caractere, cel mult 512/);
    expect(configError(() => loadConfig({ TIME_ZONE: 'Europe/Nowhere' }, dir))).toMatch(/nu este un fus orar cunoscut/);
    expect(loadConfig({ ADMIN_TOKEN: 'x'.repeat(16) }, dir).adminToken).toBe('x'.repeat(16));
  });

  it('selects PostgreSQL by DATABASE_URL or database.url in the file; a bad URL is refused without echoing it', () => {
    const dir = tempDir();
    expect(loadConfig({}, dir).databaseUrl).toBeUndefined();
    writeFileSync(join(dir, 'pg.json'), JSON.stringify({ database: { url: 'postgres://reg:secret@db.primarie.ro/registru' } }));
    expect(loadConfig({ SERVER_CONFIG: 'pg.json' }, dir).databaseUrl).toBe('postgres://reg:secret@db.primarie.ro/registru');
    expect(loadConfig({ SERVER_CONFIG: 'pg.json', DATABASE_URL: 'postgresql://a@b/c' }, dir).databaseUrl).toBe('postgresql://a@b/c');
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ database: { url: 'postgres://a@b/c', pool: 5 } }));
    expect(configError(() => loadConfig({ SERVER_CONFIG: 'other.json' }, dir))).toMatch(/Chei necunoscute.*database\.pool/);
    writeFileSync(join(dir, 'mysql.json'), JSON.stringify({ database: { url: 'mysql://root:parola-secreta@h/db' } }));
    const wrong = configError(() => loadConfig({ SERVER_CONFIG: 'mysql.json' }, dir));
    expect(wrong).toBe('Configurația nu este validă: „database.url” (fișierul de configurare) trebuie să înceapă cu postgres:// '
      + '(fără ea, registrul folosește SQLite în DATA_DIR).');
    expect(wrong).not.toContain('parola-secreta');
    expect(configError(() => loadConfig({ DATABASE_URL: 'nu e o adresă' }, dir))).toMatch(/„databaseUrl” \(variabila DATABASE_URL\) nu este o adresă validă/);
  });
});
