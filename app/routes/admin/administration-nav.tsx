import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubNavigation } from "~/ui/sub-navigation";

// The system administration's secondary navigation: officials, agencies, the working calendar and the signatures' trust store (all held by the
// system_admin role; its texts are in "officials").

const SECTIONS = [
  { href: "/admin/officials", key: "nav.officials" },
  { href: "/admin/agencies", key: "nav.agencies" },
  { href: "/admin/calendar", key: "nav.calendar" },
  { href: "/admin/signatures", key: "nav.signatures" },
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
