import { useTranslation } from "react-i18next";
import type { DraftFee } from "~/domain/procedures/drafts.fees";
import { formatVnd } from "~/domain/shared/format";

// How the catalog administration shows a fee in one line, money in VND the way the public page says it
// ("8.000 ₫ / bản; tối đa 200.000 ₫"), using the procedures namespace's words for units, tiers and caps.

export function useFeeText() {
  const { t, i18n } = useTranslation(["admin", "procedures"]);
  const lang = i18n.language === "en" ? "en" : "vi";
  return (fee: DraftFee) => {
    const unit = fee.per === "case" ? "" : ` ${t(`procedures:fees.per.${fee.per}`)}`;
    const first = fee.tiers?.find((tier) => tier.fromUnit === 1)?.amount ?? fee.amount;
    const parts = [`${formatVnd(first, lang)}${unit}`];
    for (const tier of [...(fee.tiers ?? [])].sort((a, b) => a.fromUnit - b.fromUnit)) {
      if (tier.fromUnit > 1) parts.push(`${formatVnd(tier.amount, lang)}${unit} ${t("procedures:fees.fromUnit", { unit: tier.fromUnit })}`);
    }
    if (fee.cap !== undefined) parts.push(t("procedures:fees.cap", { amount: formatVnd(fee.cap, lang) }));
    return parts.join("; ");
  };
}

/** A channel's fees as a short list: "Lệ phí…: 20.000 ₫ · Miễn, giảm: 3 đối tượng". */
export function FeeLines({ fees }: { fees: readonly DraftFee[] }) {
  const { t } = useTranslation("admin");
  const feeText = useFeeText();
  if (fees.length === 0) return <p className="govuk-body-s">{t("offerings.fees.none")}</p>;
  return (
    <ul className="govuk-list govuk-list--bullet govuk-body-s">
      {fees.map((fee, i) => (
        <li key={i}>
          {fee.name}: {feeText(fee)}
          {fee.exemptions?.length ? ` · ${t("offerings.fees.exemptionsCount", { count: fee.exemptions.length })}` : ""}
        </li>
      ))}
    </ul>
  );
}
