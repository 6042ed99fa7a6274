/**
 * «Cum se păstrează paginile»: the batch's storage mode (`--storage`), each with what it costs in
 * plain words (the README's figures: 300 dpi colour scans, a week of the office's pages). The
 * station's configured mode is checked until the clerk picks another.
 */

const MODES: { value: string; name: string; cost: string }[] = [
  {
    value: 'original',
    name: 'Imaginile scanerului, neatinse',
    cost: 'Cele mai mari fișiere: la 300 dpi color, cam 600 KB pe pagină (o săptămână de registratură, cam 8 GB). Nu încetinește scanarea.',
  },
  {
    value: 'auto',
    name: 'Automat: paginile fără culoare în tonuri de gri',
    cost: 'Paginile cu ștampile, semnături sau sigle colorate rămân color; celelalte ocupă cam o cincime mai puțin (o săptămână, cam 6,6 GB). Fiecare astfel de pagină cere mai mult calculatorului: lotul merge mai încet.',
  },
  {
    value: 'auto-bitonal',
    name: 'Automat, iar paginile doar cu text alb-negru',
    cost: 'Ca la «Automat», iar paginile doar cu text pe hârtie albă se păstrează alb-negru, ca un fax: cam o treime mai puțin (o săptămână, cam 5,7 GB). Cel mai încet.',
  },
];

/**
 * `value` '' until the clerk picks a mode (or a profile sets one): the station's configured mode
 * (`configured`, from the app's one /api/state) then.
 */
export function StorageChoice(props: { value: string; configured: string; onChange: (mode: string) => void }) {
  const { configured } = props;
  const chosen = props.value || configured;
  return (
    <fieldset class="storage-choice">
      <legend>Cum se păstrează paginile</legend>
      <p class="hint">Contează doar pentru paginile scanate color.</p>
      {MODES.map((m) => (
        <div class="field" key={m.value}>
          <label class="inline">
            <input type="radio" name="storage" value={m.value} checked={chosen === m.value} aria-describedby={`storage-${m.value}-cost`} onChange={() => props.onChange(m.value)} />
            {` ${m.name}`}{m.value === configured ? ' (setarea stației)' : ''}
          </label>
          <span class="hint" id={`storage-${m.value}-cost`}>{m.cost}</span>
        </div>
      ))}
    </fieldset>
  );
}
