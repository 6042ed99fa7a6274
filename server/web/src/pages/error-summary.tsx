/** The error box at the top of a page (GOV.UK style): the message and each problem with its line. */
import type { Problem } from '../api.ts';

export function ErrorSummary({ message, problems }: { message: string; problems: Problem[] }) {
  return (
    <div class="error-summary" role="alert">
      <p>{message}</p>
      {problems.length > 0 && (
        <ul>
          {problems.map((p, i) => (
            <li key={i}>{p.line !== undefined ? `Rândul ${p.line}` : p.path ?? ''}{p.line !== undefined && p.path ? ` (${p.path})` : ''}: {p.reason}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
