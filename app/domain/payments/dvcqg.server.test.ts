import { describe, expect, it } from "vitest";
import { CONFIRM_FIELDS, dvcqgCheckValue, INIT_FIELDS, verifyDvcqg } from "./dvcqg.server";

describe("the DVCQG payment platform's check value", () => {
  it("reproduces the development vector of shared/domain/payments.md §1.3", () => {
    const init = {
      LoaiBanTin: "INIT",
      PhienBan: "1.0.6",
      MaDoiTac: "DOITACTEST",
      MaThamChieu: "dvcH24261129000120261129093000",
      SoTien: 50_000,
      LoaiHinhThanhToan: "PAY",
      MaKenhThanhToan: "1",
      MaThietBi: "1",
      NgonNgu: "vi-VN",
      MaTienTe: "VND",
      MaNganHang: "PAYMENT",
      ThongTinGiaoDich: "THANH TOAN HO SO H24-261129-0001",
      ThoiGianGD: "20261129093000",
      Ip: "203.0.113.10",
    };
    expect(dvcqgCheckValue(INIT_FIELDS, init, "DVCQGTESTSECRET")).toBe("139151b00eac668cd6ee98cdd661da4129378a5fe495282ef7379a6986845e90");
  });

  it("verifies a confirmation, and refuses one whose amount was changed", () => {
    const confirm = { LoaiBanTin: "CONFIRM", MaLoi: "00", MaDoiTac: "DOITACTEST", MaThamChieu: "dvc1", SoTien: "50000", MaTienTe: "VND", MaGiaoDich: "G1", MaNganHang: "VCB", ThoiGianGD: "20261129093512", ThongTinGiaoDich: "THANH TOAN" };
    const signed = { ...confirm, MaXacThuc: dvcqgCheckValue(CONFIRM_FIELDS, confirm, "s3cret") };
    expect(verifyDvcqg(CONFIRM_FIELDS, signed, "s3cret")).toBe(true);
    expect(verifyDvcqg(CONFIRM_FIELDS, { ...signed, SoTien: "5000" }, "s3cret")).toBe(false);
    expect(verifyDvcqg(CONFIRM_FIELDS, { ...signed, MaXacThuc: "x" }, "s3cret")).toBe(false);
  });
});
