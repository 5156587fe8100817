import { cx } from "./class-names";

export interface AgencyNode {
  name: string;
  /** Agency code, e.g. "000.00.20.H20". */
  code?: string;
  href?: string;
  children?: readonly AgencyNode[];
}

export interface AgencyTreeProps {
  items: readonly AgencyNode[];
  /** Visually hidden label read before each code, e.g. "Mã cơ quan". */
  codeLabel?: string;
  className?: string;
}

function Nodes({ items, codeLabel, root, className }: AgencyTreeProps & { root?: boolean }) {
  return (
    <ul className={cx(root ? "app-agency-tree" : "app-agency-tree app-agency-tree--nested", className)}>
      {items.map((node, i) => (
        <li key={node.code ?? `${node.name}-${i}`}>
          <div className="app-agency-tree__row">
            {node.href ? (
              <a className="govuk-link app-agency-tree__name" href={node.href}>
                {node.name}
              </a>
            ) : (
              <span className="app-agency-tree__name">{node.name}</span>
            )}{" "}
            {node.code ? (
              <span className="app-agency-tree__code">
                {codeLabel ? <span className="govuk-visually-hidden">{codeLabel}: </span> : null}
                {node.code}
              </span>
            ) : null}
          </div>
          {node.children && node.children.length > 0 ? <Nodes items={node.children} codeLabel={codeLabel} /> : null}
        </li>
      ))}
    </ul>
  );
}

/** Nested list of agencies with their codes in a muted monospace. */
export function AgencyTree(props: AgencyTreeProps) {
  return <Nodes {...props} root />;
}
