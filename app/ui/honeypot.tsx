// A field people never see or reach, which robots filling every input do fill (GOV.UK-style forms stay clean:
// it is off-screen, hidden from assistive technology and out of the tab order).
export function Honeypot({ name, label }: { name: string; label: string }) {
  return (
    <div className="app-honeypot" aria-hidden="true">
      <label htmlFor={`hp-${name}`}>{label}</label>
      <input type="text" id={`hp-${name}`} name={name} tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}
