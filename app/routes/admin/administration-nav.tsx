import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubNavigation } from "~/ui/sub-navigation";

// The administration's secondary navigation between officials and agencies (its texts are in "officials").

const SECTIONS = [
  { href: "/admin/officials", key: "nav.officials" },
  { href: "/admin/agencies", key: "nav.agencies" },
] as const;

export function AdministrationNav() {
  const { pathname } = useLocation();
  const { t } = useTranslation("officials");
  return (
    <SubNavigation
      label={t("nav.label")}
      items={SECTIONS.map((s) => ({
        href: s.href,
        text: t(s.key),
        current: pathname === s.href ? "page" : pathname.startsWith(`${s.href}/`) ? "true" : undefined,
      }))}
    />
  );
}
