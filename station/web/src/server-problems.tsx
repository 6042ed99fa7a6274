/**
 * The problems the registry's server found in a batch's report, as it sent them (a field's path and
 * the reason), listed under the report's reason: «Coada de trimitere» and the batch's review page.
 */
export type ServerProblem = { path?: string; reason: string };

export function ServerProblems(props: { batchId: string; problems: readonly ServerProblem[] }) {
  if (props.problems.length === 0) return null;
  return (
    <ul aria-label={`Problemele găsite de server în raportul lotului ${props.batchId}`}>
      {props.problems.map((p, k) => <li key={k}>{p.path ? <code>{p.path}</code> : null}{p.path ? ': ' : ''}{p.reason}</li>)}
    </ul>
  );
}
