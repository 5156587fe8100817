import { createHash, timingSafeEqual } from "node:crypto";

// The national public-service portal's payment platform (DVCQG, version 1.0.6; issue 9, the next adapter;
// shared/domain/payments.md §1.3): its check value MaXacThuc is the lowercase hex SHA-256 of the message's fields
// joined with "|" and then "|secret" appended — a keyed hash, not an HMAC. The field orders below are those a
// province's system uses (reverse-read, to verify against the Government Office's current technical guide).

export const INIT_FIELDS = ["LoaiBanTin", "PhienBan", "MaDoiTac", "MaThamChieu", "SoTien", "LoaiHinhThanhToan", "MaKenhThanhToan", "MaThietBi", "NgonNgu", "MaTienTe", "MaNganHang", "ThongTinGiaoDich", "ThoiGianGD", "Ip"] as const;
export const CONFIRM_FIELDS = ["LoaiBanTin", "MaLoi", "MaDoiTac", "MaThamChieu", "SoTien", "MaTienTe", "MaGiaoDich", "MaNganHang", "ThoiGianGD", "ThongTinGiaoDich"] as const;
export const QUERY_FIELDS = ["LoaiBanTin", "PhienBan", "MaDoiTac", "MaThamChieu", "ThoiGianGD"] as const;

/** MaXacThuc of a message: SHA-256 over its fields in `order`, joined with "|", then "|" and the secret. */
export function dvcqgCheckValue(order: readonly string[], message: Record<string, string | number | undefined>, secret: string): string {
  const text = [...order.map((f) => String(message[f] ?? "")), secret].join("|");
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Whether a message from the platform carries a valid MaXacThuc (compared in constant time). */
export function verifyDvcqg(order: readonly string[], message: Record<string, string | number | undefined>, secret: string): boolean {
  const given = String(message.MaXacThuc ?? "").toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(dvcqgCheckValue(order, message, secret)), Buffer.from(given));
}
