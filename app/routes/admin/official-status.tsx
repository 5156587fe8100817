import { useTranslation } from "react-i18next";
import type { OfficialStatus } from "~/domain/officials/officials";
import { Tag, type TagColour } from "~/ui/tag";

// An official's status as a tag: Đang hoạt động (green), Đã mời (blue), Đã khóa (grey).

const COLOURS: Record<OfficialStatus, TagColour> = { active: "green", invited: "light-blue", disabled: "grey" };

export function OfficialStatusTag({ status }: { status: OfficialStatus }) {
  const { t } = useTranslation("officials");
  return <Tag colour={COLOURS[status]}>{t(`status.${status}`)}</Tag>;
}
