import { describe, expect, it } from "vitest";
import { Breadcrumbs } from "./breadcrumbs";
import { Button } from "./button";
import { Checkboxes } from "./checkboxes";
import { DateInput } from "./date-input";
import { ErrorMessage } from "./error-message";
import { ErrorSummary, errorSummaryKey } from "./error-summary";
import { Header } from "./header";
import { NotificationBanner } from "./notification-banner";
import { Pagination, pageSlots } from "./pagination";
import { Radios } from "./radios";
import { SubNavigation } from "./sub-navigation";
import { SummaryList } from "./summary-list";
import { Table } from "./table";
import { attrsOf, render } from "./test-i18n";
import { TextInput } from "./text-input";
import { Textarea } from "./textarea";

describe("ErrorMessage", () => {
  it("starts with the visually hidden 'Lỗi:' prefix", () => {
    const html = render(<ErrorMessage id="name-error">Nhập họ và tên</ErrorMessage>);
    expect(html).toBe(
      '<p id="name-error" class="govuk-error-message"><span class="govuk-visually-hidden">Lỗi: </span>Nhập họ và tên</p>',
    );
  });
});

describe("TextInput", () => {
  it("chains hint and error ids in aria-describedby and marks the group", () => {
    const html = render(
      <TextInput id="full-name" name="fullName" label="Họ và tên" hint="Như trên căn cước" error="Nhập họ và tên" autoComplete="name" />,
    );
    const input = attrsOf(html, "input", "full-name");
    expect(input?.["aria-describedby"]).toBe("full-name-hint full-name-error");
    expect(input?.["aria-invalid"]).toBe("true");
    expect(input?.class).toBe("govuk-input govuk-input--error");
    expect(input?.autocomplete).toBe("name");
    expect(html).toContain('<div class="govuk-form-group govuk-form-group--error">');
    expect(html).toContain('<label for="full-name" class="govuk-label">Họ và tên</label>');
    expect(html).toContain('<div id="full-name-hint" class="govuk-hint">Như trên căn cước</div>');
    expect(html.indexOf('id="full-name-error"')).toBeLessThan(html.indexOf("<input"));
  });

  it("has no aria-describedby and no error class without hint or error", () => {
    const html = render(<TextInput id="email" name="email" label="Email" type="email" width="20" />);
    const input = attrsOf(html, "input", "email");
    expect(input?.["aria-describedby"]).toBeUndefined();
    expect(input?.class).toBe("govuk-input govuk-input--width-20");
    expect(html).toContain('<div class="govuk-form-group">');
  });

  it("appends the optional marker", () => {
    expect(render(<TextInput id="x" name="x" label="Email" optional />)).toContain("Email<span class=\"app-optional\"> (không bắt buộc)</span>");
  });
});

describe("Textarea", () => {
  it("adds the character count message after hint and error", () => {
    const html = render(
      <Textarea id="content" name="content" label="Nội dung" hint="Gợi ý" error="Quá dài" characterCountHint="Tối đa 500 ký tự" />,
    );
    expect(attrsOf(html, "textarea", "content")?.["aria-describedby"]).toBe("content-hint content-error content-info");
    expect(html).toContain('<div id="content-info" class="govuk-hint govuk-character-count__message">Tối đa 500 ký tự</div>');
  });
});

describe("ErrorSummary", () => {
  it("links every error to its field and uses the default title", () => {
    const html = render(
      <ErrorSummary
        errors={[
          { href: "#full-name", text: "Nhập họ và tên" },
          { href: "#dob-day", text: "Ngày sinh phải là một ngày trong quá khứ" },
        ]}
      />,
    );
    expect(html).toContain('<div role="alert"><h2 class="govuk-error-summary__title">Có lỗi cần sửa</h2>');
    expect(html).toContain('<li><a href="#full-name">Nhập họ và tên</a></li>');
    expect(html).toContain('<li><a href="#dob-day">Ngày sinh phải là một ngày trong quá khứ</a></li>');
    expect(html).toContain('tabindex="-1"');
  });

  it("renders nothing without errors", () => {
    expect(render(<ErrorSummary errors={[]} />)).toBe("");
  });

  it("takes the focus again when other errors are shown, not when the same ones are drawn again", () => {
    // The summary's focus effect runs when this key changes (a form posted with JavaScript updates the page in place).
    const first = [{ href: "#c-fullName", text: "Nhập họ và tên người nộp" }];
    expect(errorSummaryKey([])).toBe("");
    expect(errorSummaryKey(first)).not.toBe("");
    expect(errorSummaryKey([{ ...first[0]! }])).toBe(errorSummaryKey(first));
    expect(errorSummaryKey([...first, { href: "#c-checked", text: "Xác nhận" }])).not.toBe(errorSummaryKey(first));
    expect(errorSummaryKey([{ href: "#c-fullName", text: "Họ và tên quá dài" }])).not.toBe(errorSummaryKey(first));
  });
});

describe("Pagination", () => {
  const href = (p: number) => `/thu-tuc?trang=${p}`;

  it("hides 'previous' on page 1 and marks the current page", () => {
    const html = render(<Pagination currentPage={1} totalPages={5} hrefForPage={href} />);
    expect(html).not.toContain("Trang trước");
    expect(html).not.toContain('rel="prev"');
    expect(html).toContain('rel="next"');
    expect(html).toContain('<nav class="govuk-pagination" aria-label="Phân trang">');
    expect(html).toContain(
      '<li class="govuk-pagination__item govuk-pagination__item--current"><a class="govuk-link govuk-pagination__link" href="/thu-tuc?trang=1" aria-label="Trang 1" aria-current="page">1</a></li>',
    );
    expect(html.match(/aria-current/g)).toHaveLength(1);
  });

  it("hides 'next' on the last page", () => {
    const html = render(<Pagination currentPage={5} totalPages={5} hrefForPage={href} />);
    expect(html).toContain("Trang trước");
    expect(html).not.toContain("Trang sau");
  });

  it("collapses long ranges with ellipses", () => {
    expect(pageSlots(6, 12)).toEqual([1, "ellipsis", 5, 6, 7, "ellipsis", 12]);
    expect(pageSlots(3, 12)).toEqual([1, 2, 3, 4, "ellipsis", 12]);
    expect(pageSlots(1, 3)).toEqual([1, 2, 3]);
  });
});

describe("Radios", () => {
  const items = [
    { value: "office", label: "Nhận tại Bộ phận Một cửa" },
    { value: "post", label: "Qua bưu chính", conditional: <p id="post-detail">Địa chỉ nhận</p> },
    { value: "online", label: "Trực tuyến", conditional: <p id="online-detail">Email</p> },
  ];

  it("shows the conditional content of the option checked on the server", () => {
    const html = render(<Radios idPrefix="delivery" name="delivery" legend="Cách nhận kết quả" items={items} defaultValue="post" />);
    expect(html).toContain('<div id="conditional-delivery-2" class="govuk-radios__conditional"><p id="post-detail">');
    expect(html).toContain('<div id="conditional-delivery-3" class="govuk-radios__conditional govuk-radios__conditional--hidden">');
    expect(attrsOf(html, "input", "delivery-2")?.checked).toBe("");
    expect(attrsOf(html, "input", "delivery")?.checked).toBeUndefined();
  });

  it("hides every conditional when nothing is checked, and the first input takes the prefix id", () => {
    const html = render(<Radios idPrefix="delivery" name="delivery" legend="Cách nhận kết quả" items={items} error="Chọn cách nhận" />);
    expect(html).not.toMatch(/class="govuk-radios__conditional"/);
    expect(attrsOf(html, "input", "delivery")?.value).toBe("office");
    expect(html).toContain('<fieldset class="govuk-fieldset" aria-describedby="delivery-error">');
  });
});

describe("Checkboxes", () => {
  it("checks the given values", () => {
    const html = render(
      <Checkboxes
        idPrefix="docs"
        name="docs"
        legend="Giấy tờ"
        items={[
          { value: "a", label: "A" },
          { value: "b", label: "B" },
        ]}
        defaultValues={["b"]}
      />,
    );
    expect(attrsOf(html, "input", "docs-2")?.checked).toBe("");
    expect(attrsOf(html, "input", "docs")?.checked).toBeUndefined();
  });
});

describe("DateInput", () => {
  it("labels the three boxes and marks only the wrong part", () => {
    const html = render(
      <DateInput id="dob" namePrefix="dob" legend="Ngày sinh" error="Năm phải có 4 chữ số" errorParts={["year"]} birthday />,
    );
    expect(html).toContain('<label class="govuk-label govuk-date-input__label" for="dob-day">Ngày</label>');
    expect(html).toContain('for="dob-month">Tháng</label>');
    expect(html).toContain('for="dob-year">Năm</label>');
    expect(attrsOf(html, "input", "dob-year")?.class).toBe("govuk-input govuk-date-input__input govuk-input--width-4 govuk-input--error");
    expect(attrsOf(html, "input", "dob-day")?.class).toBe("govuk-input govuk-date-input__input govuk-input--width-2");
    expect(attrsOf(html, "input", "dob-day")?.autocomplete).toBe("bday-day");
    expect(attrsOf(html, "input", "dob-day")?.name).toBe("dob-day");
  });
});

describe("Button", () => {
  it("renders an intent button", () => {
    expect(render(<Button name="intent" value="save">Lưu</Button>)).toBe(
      '<button name="intent" value="save" type="submit" class="govuk-button">Lưu</button>',
    );
  });
  it("renders a link styled as a button", () => {
    expect(render(<Button href="/nop" variant="secondary">Nộp</Button>)).toBe(
      '<a href="/nop" role="button" draggable="false" class="govuk-button govuk-button--secondary">Nộp</a>',
    );
  });
});

describe("SummaryList", () => {
  it("adds visually hidden context to change links", () => {
    const html = render(
      <SummaryList rows={[{ key: "Họ và tên", value: "Nguyễn Văn An", actions: [{ href: "#name", text: "Thay đổi", visuallyHiddenText: "họ và tên" }] }]} />,
    );
    expect(html).toContain('<a class="govuk-link" href="#name">Thay đổi<span class="govuk-visually-hidden"> họ và tên</span></a>');
  });
});

describe("Table", () => {
  it("uses scoped headers and numeric classes", () => {
    const html = render(
      <Table caption="Lệ phí" head={[{ text: "Thủ tục" }, { text: "Lệ phí", format: "numeric" }]} rows={[[{ text: "A" }, { text: "200.000", format: "numeric" }]]} firstCellIsHeader />,
    );
    expect(html).toContain('<th scope="col" class="govuk-table__header govuk-table__header--numeric">Lệ phí</th>');
    expect(html).toContain('<th scope="row" class="govuk-table__header">A</th>');
    expect(html).toContain('<td class="govuk-table__cell govuk-table__cell--numeric">200.000</td>');
  });
});

describe("Breadcrumbs and Header", () => {
  it("labels the breadcrumbs nav and marks the current page", () => {
    const html = render(<Breadcrumbs items={[{ text: "Trang chủ", href: "/" }, { text: "Hộ tịch" }]} />);
    expect(html).toContain('aria-label="Đường dẫn"');
    expect(html).toContain('<span aria-current="page">Hộ tịch</span>');
  });
  it("renders a labelled nav with the current item", () => {
    const html = render(
      <Header homeHref="/" serviceName="Cổng" navLabel="Danh mục chính" navItems={[{ href: "/a", text: "A", current: true }, { href: "/b", text: "B" }]} />,
    );
    expect(html).toContain('<nav class="app-header__nav" aria-label="Danh mục chính">');
    expect(html).toContain(
      '<a class="govuk-header__link app-header__nav-link app-header__nav-link--active" href="/a" aria-current="page">A</a>',
    );
    expect(html).toContain('<a class="govuk-header__link app-header__nav-link" href="/b">B</a>');
    expect(html).not.toContain('role="banner"');
  });
});

describe("NotificationBanner", () => {
  it("is a labelled region when neutral and an alert on success", () => {
    const neutral = render(<NotificationBanner titleId="nb1">Nội dung</NotificationBanner>);
    expect(neutral).toContain('role="region" aria-labelledby="nb1"');
    expect(neutral).toContain('<h2 class="govuk-notification-banner__title" id="nb1">Quan trọng</h2>');
    const success = render(<NotificationBanner type="success" titleId="nb2">Xong</NotificationBanner>);
    expect(success).toContain('role="alert" aria-labelledby="nb2" tabindex="-1"');
    expect(success).toContain(">Thành công</h2>");
  });
});

describe("SubNavigation", () => {
  it("is a labelled navigation landmark whose current entry says so", () => {
    const html = render(
      <SubNavigation
        label="Quản trị"
        items={[
          { href: "/admin/officials", text: "Cán bộ", current: "true" },
          { href: "/admin/agencies", text: "Cơ quan" },
        ]}
      />,
    );
    expect(html).toContain('<nav class="app-sub-navigation" aria-label="Quản trị">');
    expect(html).toContain('<a class="app-sub-navigation__link" href="/admin/officials" aria-current="true">Cán bộ</a>');
    expect(html).toContain('<a class="app-sub-navigation__link" href="/admin/agencies">Cơ quan</a>');
  });
});
