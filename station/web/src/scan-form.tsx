/** The scan form: where the pages come from, the scanner's options, the borderou, profiles. */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, fileAsBase64, openPdf } from './api.ts';
import { countRo } from '../../../shared/src/count-ro.ts';
import { StorageChoice } from './storage-choice.tsx';

interface Device { id: string; vendor: string; model: string; type: string; driver?: string; unavailable?: { code: string; reason: string } }
interface Caps { sources: string[]; resolutions: number[]; modes: string[]; duplex: boolean }
interface Profile { name: string; settings: Partial<FormValues> }

export interface FormValues {
  kind: 'scanner' | 'folder' | 'files';
  device: string;
  folder: string;
  source: string;
  resolution: string;
  mode: string;
  duplex: boolean;
  removeBlank: boolean;
  separator: string;
  separation: string;
  /** '' until chosen: the station's configured storage. */
  storage: string;
  outDir: string;
}

const DEFAULTS: FormValues = { kind: 'scanner', device: '', folder: '', source: 'adf', resolution: '300', mode: 'gray', duplex: false, removeBlank: false, separator: '', separation: '', storage: '', outDir: '' };
const SOURCE_NAMES: Record<string, string> = { adf: 'Alimentator (o față)', 'adf-duplex': 'Alimentator față-verso', flatbed: 'Geam (flatbed)' };
const MODE_NAMES: Record<string, string> = { gray: 'Gri', color: 'Color', lineart: 'Alb-negru' };
const SEPARATION_NAMES: Record<string, string> = {
  sheet: 'foi separator (scoase din document)', label: 'etichete de înregistrare (pagina rămâne în document)', auto: 'automat (foi separator și etichete)',
};

interface RegistryBorderou { day: string; version: number; uploadedAt: string; entries: number; csvBase64: string }

/** The browser's day, `YYYY-MM-DD` (the station runs on the same computer). */
function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
const roDay = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

export function ScanForm(props: { defaultDriver: string; configuredStorage: string; busy: boolean; onError: (e: ApiError | null) => void }) {
  const [v, setV] = useState<FormValues>(DEFAULTS);
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [caps, setCaps] = useState<Caps | null>(null);
  const [looking, setLooking] = useState(false);
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [profileName, setProfileName] = useState('');
  const [borderou, setBorderou] = useState<File | null>(null);
  // «Borderoul zilei de la registratură»: the day asked for and what the station got for it
  const [borderouFrom, setBorderouFrom] = useState<'file' | 'registry'>('file');
  const [registryDay, setRegistryDay] = useState(todayIso());
  const [registry, setRegistry] = useState<RegistryBorderou | null>(null);
  const [registryLoading, setRegistryLoading] = useState(false);
  const [note, setNote] = useState('');
  const set = (patch: Partial<FormValues>) => setV((old) => ({ ...old, ...patch }));
  // the chosen scanner's driver: the platform's (SANE, WIA) or eSCL for the network scanners in the configuration
  const driverOf = (device: string) => devices?.find((d) => d.id === device)?.driver ?? (/^https?:\/\//.test(device) ? 'escl' : props.defaultDriver);

  const [watched, setWatched] = useState<Device[]>([]);
  useEffect(() => void api<{ profiles: Profile[] }>('GET', '/api/profiles').then((r) => setProfiles(r.profiles), () => {}), []);
  // the watched folders named in the station's configuration, offered as suggestions
  useEffect(() => void (v.kind === 'folder' && api<{ devices: Device[] }>('GET', '/api/devices?driver=folder').then((r) => setWatched(r.devices), () => {})), [v.kind]);
  useEffect(() => {
    setCaps(null);
    if (v.kind !== 'scanner' || !v.device) return;
    // the answer for a scanner no longer chosen (the clerk picked another meanwhile) is not this one's
    let chosen = true;
    api<{ capabilities: Caps }>('GET', `/api/capabilities?driver=${driverOf(v.device)}&device=${encodeURIComponent(v.device)}`)
      .then((r) => chosen && setCaps(r.capabilities), (e: ApiError) => chosen && props.onError(e));
    return () => void (chosen = false);
  }, [v.kind, v.device]);

  async function findScanners() {
    setLooking(true);
    props.onError(null);
    try {
      // the platform's scanners and the eSCL network scanners of the configuration, side by side
      const found = await Promise.allSettled([props.defaultDriver, 'escl'].map((d) => api<{ devices: Device[] }>('GET', `/api/devices?driver=${d}`)));
      const list = found.flatMap((f) => (f.status === 'fulfilled' ? f.value.devices : []));
      const failed = found.find((f): f is PromiseRejectedResult => f.status === 'rejected');
      if (list.length === 0 && failed) throw failed.reason;
      setDevices(list);
      // a configured scanner that cannot be used now is shown with the reason, never chosen
      const usable = list.filter((d) => !d.unavailable);
      if (!usable.some((d) => d.id === v.device)) set({ device: usable[0]?.id ?? '' });
    } catch (e) {
      props.onError(e as ApiError);
    } finally {
      setLooking(false);
    }
  }

  async function takeRegistryBorderou(day: string) {
    setRegistry(null);
    props.onError(null);
    setRegistryLoading(true);
    try {
      setRegistry(await api<RegistryBorderou>('GET', `/api/registry-borderou?day=${encodeURIComponent(day)}`));
    } catch (e) {
      props.onError(e as ApiError);
    } finally {
      setRegistryLoading(false);
    }
  }

  async function start(ev: Event) {
    ev.preventDefault();
    props.onError(null);
    const body = {
      driver: v.kind === 'scanner' ? driverOf(v.device) : v.kind === 'folder' ? 'folder' : 'files',
      device: v.kind === 'scanner' ? v.device : v.folder,
      source: v.kind === 'scanner' ? v.source : 'adf',
      resolution: Number(v.resolution),
      mode: v.mode,
      duplex: v.duplex,
      removeBlank: v.removeBlank,
      separators: v.separator.trim() ? [v.separator.trim()] : [],
      separation: v.separation,
      storage: v.storage,
      outDir: v.outDir.trim(),
      options: {},
      borderouCsv: borderouFrom === 'file' && borderou ? await fileAsBase64(borderou) : undefined,
      borderouName: borderouFrom === 'file' ? borderou?.name : undefined,
      borderouRegistryDay: borderouFrom === 'registry' ? registryDay : undefined,
    };
    if (v.kind === 'scanner' && !v.device) {
      props.onError(new ApiError('VALIDATION_FAILED', noneUsable
        ? 'Niciun scaner nu poate fi folosit acum. Porniți scanerul sau verificați legătura lui, apoi apăsați din nou «Caută scanere».'
        : 'Alegeți scanerul: apăsați «Caută scanere», apoi alegeți-l din listă.', 'device'));
      return;
    }
    if (borderouFrom === 'registry' && !registry) {
      props.onError(new ApiError('VALIDATION_FAILED', 'Borderoul zilei nu a fost luat de la registratură: apăsați «Ia borderoul» sau alegeți un fișier CSV.', 'borderou'));
      return;
    }
    try {
      await api('POST', '/api/scan', body);
    } catch (e) {
      props.onError(e as ApiError);
    }
  }

  async function saveProfile() {
    try {
      const r = await api<{ profiles: Profile[] }>('PUT', '/api/profiles', { name: profileName, settings: v });
      setProfiles(r.profiles);
      setNote(`Profilul «${profileName.trim()}» a fost salvat.`);
    } catch (e) {
      props.onError(e as ApiError);
    }
  }

  // scanners found but not usable now: listed with the reason and tied to the select (aria-describedby)
  const unavailable = devices?.filter((d) => d.unavailable) ?? [];
  const noneUsable = unavailable.length > 0 && unavailable.length === devices!.length;
  // each reason by its own id: the list's aria-label would stand for its items in a description
  const describedBy = [...(noneUsable ? ['no-usable-scanner'] : []), ...unavailable.map((_, i) => `unavailable-scanner-${i}`)].join(' ');
  const sources = caps?.sources.length ? caps.sources : ['adf', 'adf-duplex', 'flatbed'];
  const resolutions = caps?.resolutions.length ? caps.resolutions.map(String) : ['150', '200', '300', '400', '600'];
  const modes = caps?.modes.length ? caps.modes : ['gray', 'color', 'lineart'];

  return (
    <form class="scan-form" onSubmit={start} aria-label="Setările scanării">
      <fieldset>
        <legend>Profil</legend>
        <div class="row">
          <div class="field"><label for="profile-pick">Profil salvat</label>
            <select id="profile-pick" onChange={(e) => {
              const p = profiles.find((x) => x.name === (e.target as HTMLSelectElement).value);
              if (p) { setV({ ...DEFAULTS, ...p.settings }); setProfileName(p.name); setNote(`Profilul «${p.name}» a fost încărcat.`); }
            }}>
              <option value="">— alegeți —</option>
              {profiles.map((p) => <option key={p.name} value={p.name}>{p.name}</option>)}
            </select>
          </div>
          <div class="field"><label for="profile-name">Numele profilului</label>
            <input id="profile-name" value={profileName} onInput={(e) => setProfileName((e.target as HTMLInputElement).value)} />
          </div>
          <button type="button" onClick={saveProfile} disabled={!profileName.trim()}>Salvează profilul</button>
        </div>
        {note && <p class="note" role="status">{note}</p>}
      </fieldset>

      <fieldset>
        <legend>De unde vin paginile</legend>
        <label class="inline"><input type="radio" name="kind" checked={v.kind === 'scanner'} onChange={() => set({ kind: 'scanner' })} /> Scaner</label>
        <label class="inline"><input type="radio" name="kind" checked={v.kind === 'folder'} onChange={() => set({ kind: 'folder' })} /> Dosar urmărit (scanare în dosar)</label>
        <label class="inline"><input type="radio" name="kind" checked={v.kind === 'files'} onChange={() => set({ kind: 'files' })} /> Fișiere deja scanate</label>
        {v.kind === 'scanner' ? (
          <div class="row">
            <div class="field"><label for="device">Scaner</label>
              <select id="device" value={v.device} aria-describedby={describedBy || undefined}
                onChange={(e) => set({ device: (e.target as HTMLSelectElement).value })}>
                {!devices && <option value="">— apăsați «Caută scanere» —</option>}
                {devices?.length === 0 && <option value="">Niciun scaner găsit</option>}
                {noneUsable && <option value="">— niciun scaner disponibil —</option>}
                {devices?.map((d) => <option key={d.id} value={d.id} disabled={Boolean(d.unavailable)}>{[d.vendor, d.model].filter(Boolean).join(' ')} ({d.id}){d.unavailable ? ' — indisponibil' : ''}</option>)}
              </select>
              {unavailable.length > 0 && (
                <div class="hint">
                  {noneUsable && <p id="no-usable-scanner">Niciun scaner nu poate fi folosit acum. Porniți scanerul sau verificați legătura lui, apoi apăsați din nou «Caută scanere».</p>}
                  <ul aria-label="Scanere indisponibile">
                    {unavailable.map((d, i) => <li key={d.id} id={`unavailable-scanner-${i}`}>{d.id} — indisponibil: {d.unavailable!.reason}</li>)}
                  </ul>
                </div>
              )}
            </div>
            <button type="button" onClick={findScanners} disabled={looking}>{looking ? 'Se caută…' : 'Caută scanere'}</button>
          </div>
        ) : (
          <div class="field"><label for="folder">{v.kind === 'folder' ? 'Dosarul urmărit' : 'Dosarul cu fișierele scanate'}</label>
            <input id="folder" list={v.kind === 'folder' ? 'watched-folders' : undefined} value={v.folder} onInput={(e) => set({ folder: (e.target as HTMLInputElement).value })} />
            <datalist id="watched-folders">{watched.map((d) => <option key={d.id} value={d.id.replace(/^folder:/, '')}>{d.model}</option>)}</datalist>
            <span class="hint">{v.kind === 'files' ? 'Toate imaginile și PDF-urile din dosar, în ordinea numelor; fișierele rămân unde sunt.' : 'Lotul se încheie cu butonul «Încheie lotul».'}</span>
          </div>
        )}
      </fieldset>

      <fieldset>
        <legend>Opțiuni</legend>
        <div class="row">
          {v.kind === 'scanner' && (
            <div class="field"><label for="source">Alimentare</label>
              <select id="source" value={v.source} onChange={(e) => { const s = (e.target as HTMLSelectElement).value; set({ source: s, duplex: s === 'adf-duplex' || v.duplex, removeBlank: s === 'adf-duplex' || v.removeBlank }); }}>
                {sources.map((s) => <option key={s} value={s}>{SOURCE_NAMES[s] ?? s}</option>)}
              </select>
            </div>
          )}
          {v.kind === 'scanner' && (
            <div class="field"><label for="resolution">Rezoluție (dpi)</label>
              <select id="resolution" value={v.resolution} onChange={(e) => set({ resolution: (e.target as HTMLSelectElement).value })}>
                {resolutions.map((r) => <option key={r} value={r}>{r}</option>)}
              </select>
            </div>
          )}
          {v.kind === 'scanner' && (
            <div class="field"><label for="mode">Mod culoare</label>
              <select id="mode" value={v.mode} onChange={(e) => set({ mode: (e.target as HTMLSelectElement).value })}>
                {modes.map((m) => <option key={m} value={m}>{MODE_NAMES[m] ?? m}</option>)}
              </select>
            </div>
          )}
        </div>
        <label class="inline"><input type="checkbox" checked={v.duplex} onChange={(e) => { const d = (e.target as HTMLInputElement).checked; set({ duplex: d, removeBlank: d }); }} /> Față-verso (paginile vin față, verso, față, verso…)</label>
        <label class="inline"><input type="checkbox" checked={v.removeBlank} onChange={(e) => set({ removeBlank: (e.target as HTMLInputElement).checked })} /> Elimină paginile albe</label>
        <div class="row">
          <div class="field"><label for="separator">Separator generic (opțional)</label>
            <input id="separator" value={v.separator} onInput={(e) => set({ separator: (e.target as HTMLInputElement).value })} />
            <span class="hint">de exemplu PATCHT; documentele primesc numerele din borderou, în ordine</span>
          </div>
        </div>
        <fieldset>
          <legend>Borderoul zilei (opțional)</legend>
          <label class="inline"><input type="radio" name="borderou-from" checked={borderouFrom === 'file'} onChange={() => { setBorderouFrom('file'); props.onError(null); }} /> Fișier CSV</label>
          <label class="inline"><input type="radio" name="borderou-from" checked={borderouFrom === 'registry'} onChange={() => { setBorderouFrom('registry'); void takeRegistryBorderou(registryDay); }} /> Borderoul zilei de la registratură</label>
          {borderouFrom === 'file' ? (
            <div class="field"><label for="borderou">Fișierul CSV al borderoului</label>
              {/* the browser's own «Choose File / No file chosen» speaks the browser's language: ours is drawn over it */}
              <div class="file-pick">
                <span class="file-button">
                  <input id="borderou" type="file" accept=".csv,.txt,text/csv,text/plain" aria-describedby="borderou-picked" onChange={(e) => setBorderou((e.target as HTMLInputElement).files?.[0] ?? null)} />
                  <span aria-hidden="true">Alegeți fișierul…</span>
                </span>
                <span id="borderou-picked">{borderou ? borderou.name : 'Niciun fișier ales'}</span>
              </div>
            </div>
          ) : (
            <div class="row">
              <div class="field"><label for="registry-day">Ziua borderoului</label>
                <input id="registry-day" type="date" value={registryDay} onChange={(e) => { const d = (e.target as HTMLInputElement).value; setRegistryDay(d); setRegistry(null); }} />
              </div>
              <button type="button" disabled={registryLoading || !registryDay} onClick={() => void takeRegistryBorderou(registryDay)}>{registryLoading ? 'Se ia borderoul…' : 'Ia borderoul'}</button>
            </div>
          )}
          {borderouFrom === 'registry' && registry && (
            <p class="note" role="status">
              Borderoul zilei {roDay(registry.day)} de la registratură: versiunea {registry.version}, {countRo(registry.entries, 'document', 'documente')}.
            </p>
          )}
          <div class="buttons"><button type="button" disabled={borderouFrom === 'file' ? !borderou : !registry} onClick={async () => {
            props.onError(null);
            try {
              const csv = borderouFrom === 'file' ? await fileAsBase64(borderou!) : registry!.csvBase64;
              await openPdf('/api/separators', { borderouCsv: csv, ...(borderouFrom === 'file' ? { borderouName: borderou!.name } : {}), patchT: false });
            } catch (e) {
              props.onError(e as ApiError);
            }
          }}>Tipărește separatoarele</button></div>
        </fieldset>
        <div class="field"><label for="separation">Cum începe un document</label>
          <select id="separation" value={v.separation} onChange={(e) => set({ separation: (e.target as HTMLSelectElement).value })}>
            <option value="">ca în configurarea stației</option>
            {Object.entries(SEPARATION_NAMES).map(([k, name]) => <option key={k} value={k}>{name[0]!.toUpperCase() + name.slice(1)}</option>)}
          </select>
        </div>
        <StorageChoice value={v.storage} configured={props.configuredStorage} onChange={(storage) => set({ storage })} />
        <div class="field"><label for="out-dir">Dosarul documentelor (opțional)</label>
          <input id="out-dir" value={v.outDir} onInput={(e) => set({ outDir: (e.target as HTMLInputElement).value })} />
          <span class="hint">implicit: dosarul „loturi” din datele stației, câte un subdosar pe lot</span>
        </div>
      </fieldset>
      <button type="submit" class="primary" disabled={props.busy}>Pornește scanarea</button>
    </form>
  );
}
