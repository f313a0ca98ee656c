/** The keyboard reference, as a disclosure (keyboard-operable, no focus trap needed). */
export const SHORTCUTS: [string, string][] = [
  ['Tab', 'move between controls and into the chart'],
  ['W / S, + / −', 'zoom in / out'],
  ['A / D, Shift+← / →', 'pan left / right'],
  ['0', 'reset zoom'],
  ['← → ↑ ↓', 'move between ops (tooltip follows)'],
  ['Enter', "highlight the op's micro-batch (Shift+Enter: an F&B's backward one)"],
  ['Esc', 'clear highlight and cursor'],
  ['↑ / ↓ in a number field', 'step the value'],
];

export function KeyboardHelp() {
  return (
    <details className="help">
      <summary>Keys</summary>
      <div className="help-body">
        <table>
          <tbody>
            {SHORTCUTS.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">
                  <kbd>{k}</kbd>
                </th>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
