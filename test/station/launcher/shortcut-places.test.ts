/**
 * Where the Linux launcher goes, from the environment alone: XDG_DATA_HOME / XDG_CONFIG_HOME (absolute
 * only, as the XDG Base Directory specification says), the Desktop from XDG_DESKTOP_DIR, else
 * xdg-user-dirs' user-dirs.dirs (a Romanian «Birou», a quoted path with escapes), else ~/Desktop; a
 * Desktop that is the home folder itself gets no icon. Other platforms are refused in Romanian.
 */
import { describe, expect, it } from 'vitest';
import { isStationError } from '../../../shared/src/errors.ts';
import { linuxFolders, shortcutTargets, userDirsDesktop } from '../../../station/src/launcher/shortcut-places.ts';

describe('userDirsDesktop', () => {
  it.each([
    ['XDG_DESKTOP_DIR="$HOME/Birou"', '/home/ana/Birou'],
    ['  XDG_DESKTOP_DIR = "$HOME/Spațiu de lucru"  ', '/home/ana/Spațiu de lucru'],
    ['XDG_DESKTOP_DIR="/srv/birouri/ana"', '/srv/birouri/ana'],
    ['XDG_DESKTOP_DIR="$HOME/a \\"b\\""', '/home/ana/a "b"'],
    ['XDG_DESKTOP_DIR="$HOME/"', '/home/ana'],
    ['XDG_DESKTOP_DIR="relativ"', null],
    ['# XDG_DESKTOP_DIR="$HOME/Birou"', null],
    ['XDG_DOWNLOAD_DIR="$HOME/Descărcări"', null],
  ])('%s', (line, desktop) => {
    expect(userDirsDesktop(`# comment\n${line}\n`, '/home/ana')).toBe(desktop);
  });
});

describe('linuxFolders', () => {
  const noFile = () => null;

  it('the defaults under HOME', () => {
    expect(linuxFolders({ HOME: '/home/ana' }, noFile)).toEqual({
      menu: '/home/ana/.local/share/applications', desktop: '/home/ana/Desktop', autostart: '/home/ana/.config/autostart',
    });
  });

  it('XDG variables, absolute ones only; XDG_DESKTOP_DIR before user-dirs.dirs', () => {
    const read = (f: string) => (f === '/cfg/user-dirs.dirs' ? 'XDG_DESKTOP_DIR="$HOME/Birou"\n' : null);
    expect(linuxFolders({ HOME: '/home/ana', XDG_DATA_HOME: '/data', XDG_CONFIG_HOME: '/cfg' }, read)).toEqual({
      menu: '/data/applications', desktop: '/home/ana/Birou', autostart: '/cfg/autostart',
    });
    expect(linuxFolders({ HOME: '/home/ana', XDG_DATA_HOME: 'relativ', XDG_CONFIG_HOME: '/cfg', XDG_DESKTOP_DIR: '/d' }, read)).toMatchObject({
      menu: '/home/ana/.local/share/applications', desktop: '/d',
    });
  });

  it('a Desktop that is the home folder: none', () => {
    expect(linuxFolders({ HOME: '/home/ana', XDG_DESKTOP_DIR: '/home/ana/' }, noFile).desktop).toBeNull();
  });

  it('no HOME: CONFIG_INVALID naming it', () => {
    let caught: unknown;
    try {
      linuxFolders({}, noFile);
    } catch (err) {
      caught = err;
    }
    expect(isStationError(caught, 'CONFIG_INVALID')).toBe(true);
    expect((caught as Error).message).toContain('HOME');
  });
});

it('macOS: refused with USAGE, in Romanian', async () => {
  const caught = await shortcutTargets({ program: 'node', args: [], cwd: '/' }, { desktop: true, autostart: false }, { platform: 'darwin', env: {} }).catch((e: unknown) => e);
  expect(isStationError(caught, 'USAGE')).toBe(true);
  expect((caught as Error).message).toBe('Comanda „station shortcut” pune pictograme doar pe Windows și pe Linux.');
});
