import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { i18nServer } from "~/platform/i18n.server";
import { pageTitle } from "~/ui/page-title";
import {
  AgencyTree,
  BackLink,
  Breadcrumbs,
  Button,
  ButtonGroup,
  CardList,
  Checkboxes,
  DateInput,
  Details,
  ErrorSummary,
  FileUpload,
  Fieldset,
  Footer,
  Header,
  Hero,
  InsetText,
  LanguageSwitch,
  NotificationBanner,
  Pagination,
  Panel,
  PhaseBanner,
  Radios,
  SearchForm,
  Select,
  SkipLink,
  SummaryList,
  Table,
  Tag,
  TaskList,
  TextInput,
  Textarea,
  WarningText,
} from "~/ui";
import type { TagColour } from "~/ui";

// The design-system showcase at /ui: every component with realistic content, in Vietnamese
// first. Error states are rendered statically; the demo forms submit to this page with GET.

export const handle = { i18n: ["ui"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18nServer.getFixedT(request, "ui");
  return { title: t("title") };
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args);

const DISTRICTS = [
  "haGiang",
  "dongVan",
  "meoVac",
  "yenMinh",
  "quanBa",
  "bacMe",
  "hoangSuPhi",
  "xinMan",
  "viXuyen",
  "bacQuang",
  "quangBinh",
] as const;

const TAGS: ReadonlyArray<readonly [key: string, colour: TagColour]> = [
  ["received", "blue"],
  ["processing", "light-blue"],
  ["signing", "purple"],
  ["supplement", "orange"],
  ["paid", "turquoise"],
  ["done", "green"],
  ["returned", "pink"],
  ["overdue", "red"],
  ["draft", "yellow"],
  ["cancelled", "grey"],
];

const FEES = [
  ["criminal", 200_000],
  ["extract", 8_000],
  ["business", 100_000],
  ["building", 75_000],
  ["marriage", 0],
] as const;

function Section({ id, title, intro, children }: { id: string; title: string; intro?: string; children: ReactNode }) {
  return (
    <section className="app-showcase__section">
      <h2 className="govuk-heading-l" id={`${id}-heading`}>
        {title}
      </h2>
      {intro ? <p className="govuk-body">{intro}</p> : null}
      {children}
    </section>
  );
}

/** The request form, once clean (prefix "") and once with errors (prefix "err-"). */
function DemoForm({ prefix, withErrors }: { prefix: string; withErrors: boolean }) {
  const { t } = useTranslation("ui");
  const id = (name: string) => `${prefix}${name}`;
  const err = (key: string) => (withErrors ? t(`errors.${key}`) : undefined);
  return (
    <form method="get" action="/ui" noValidate>
      <TextInput
        id={id("full-name")}
        name="fullName"
        label={t("form.fullName.label")}
        hint={t("form.fullName.hint")}
        error={err("fullName")}
        autoComplete="name"
        spellCheck={false}
        defaultValue={withErrors ? "" : t("summary.name.value")}
      />
      <TextInput
        id={id("id-number")}
        name="idNumber"
        label={t("form.idNumber.label")}
        hint={t("form.idNumber.hint")}
        error={err("idNumber")}
        width="20"
        inputMode="numeric"
        spellCheck={false}
        defaultValue={withErrors ? t("errors.sampleIdNumber") : undefined}
      />
      <TextInput
        id={id("email")}
        name="email"
        type="email"
        label={t("form.email.label")}
        hint={t("form.email.hint")}
        error={err("email")}
        autoComplete="email"
        spellCheck={false}
        defaultValue={withErrors ? t("errors.sampleEmail") : undefined}
      />
      <TextInput
        id={id("phone")}
        name="phone"
        type="tel"
        label={t("form.phone.label")}
        optional
        autoComplete="tel"
        width="20"
      />
      <TextInput
        id={id("copies")}
        name="copies"
        label={t("form.copies.label")}
        hint={t("form.copies.hint")}
        suffix={t("form.copies.suffix")}
        inputMode="numeric"
        width="3"
        defaultValue="1"
      />
      <DateInput
        id={id("dob")}
        namePrefix="dob"
        legend={t("form.dob.legend")}
        legendSize="s"
        hint={t("form.dob.hint")}
        error={err("dob")}
        errorParts={["year"]}
        birthday
        defaultValue={
          withErrors
            ? { day: t("errors.sampleDay"), month: t("errors.sampleMonth"), year: t("errors.sampleYear") }
            : undefined
        }
      />
      <div className="govuk-form-group">
        <Fieldset legend={t("form.address.legend")} legendSize="m" headingLevel={3}>
          <TextInput
            id={id("address-line")}
            name="addressLine"
            label={t("form.address.line")}
            autoComplete="address-line1"
          />
          <TextInput
            id={id("address-commune")}
            name="addressCommune"
            label={t("form.address.commune")}
            autoComplete="address-level3"
            width="two-thirds"
          />
          <Select
            id={id("district")}
            name="district"
            label={t("form.district.label")}
            error={err("district")}
            defaultValue=""
            options={[
              { value: "", text: t("form.district.choose") },
              ...DISTRICTS.map((d) => ({ value: d, text: t(`form.district.options.${d}`) })),
            ]}
          />
        </Fieldset>
      </div>
      <Textarea
        id={id("purpose")}
        name="purpose"
        label={t("form.purpose.label")}
        hint={t("form.purpose.hint")}
        error={err("purpose")}
        characterCountHint={t("form.purpose.count")}
        rows={4}
      />
      <Radios
        idPrefix={id("delivery")}
        name="delivery"
        legend={t("form.delivery.legend")}
        legendSize="m"
        headingLevel={3}
        hint={t("form.delivery.hint")}
        defaultValue="post"
        items={[
          { value: "office", label: t("form.delivery.office"), hint: t("form.delivery.officeHint") },
          {
            value: "post",
            label: t("form.delivery.post"),
            conditional: (
              <TextInput
                id={id("delivery-address")}
                name="deliveryAddress"
                label={t("form.delivery.postAddress")}
                hint={t("form.delivery.postAddressHint")}
                error={err("postAddress")}
                autoComplete="street-address"
              />
            ),
          },
          { divider: t("form.delivery.or") },
          { value: "online", label: t("form.delivery.online") },
        ]}
      />
      <Checkboxes
        idPrefix={id("documents")}
        name="documents"
        legend={t("form.documents.legend")}
        legendSize="m"
        headingLevel={3}
        hint={t("form.documents.hint")}
        error={err("documents")}
        defaultValues={withErrors ? [] : ["idCard"]}
        items={[
          { value: "idCard", label: t("form.documents.idCard") },
          { value: "residence", label: t("form.documents.residence") },
          { value: "authorisation", label: t("form.documents.authorisation"), hint: t("form.documents.authorisationHint") },
        ]}
      />
      <FileUpload
        id={id("file")}
        name="idScan"
        label={t("form.file.label")}
        hint={t("form.file.hint")}
        error={err("file")}
        accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"
      />
      <Checkboxes
        idPrefix={id("agree")}
        name="agree"
        small
        items={[{ value: "yes", label: t("form.agree") }]}
      />
      <ButtonGroup>
        <Button name="intent" value="continue">
          {t("form.submit")}
        </Button>
        <Button name="intent" value="draft" variant="secondary">
          {t("buttons.secondary")}
        </Button>
      </ButtonGroup>
    </form>
  );
}

export default function UiShowcase() {
  const { t, i18n } = useTranslation("ui");
  const lang = i18n.language === "en" ? "en" : "vi";
  const money = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", {
    style: "currency",
    currency: "VND",
    maximumFractionDigits: 0,
  });
  const change = t("summary.change");

  return (
    <>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{t("caption")}</span>
          <h1 className="govuk-heading-xl">{t("heading")}</h1>
          <p className="govuk-body-l">{t("lead")}</p>
        </div>
      </div>

      <Section id="typography" title={t("typography.heading")}>
        <span className="govuk-caption-l">{t("typography.captionL")}</span>
        <h3 className="govuk-heading-xl">{t("typography.headingXl")}</h3>
        <h3 className="govuk-heading-l">{t("typography.headingL")}</h3>
        <span className="govuk-caption-m">{t("typography.captionM")}</span>
        <h3 className="govuk-heading-m">{t("typography.headingM")}</h3>
        <h3 className="govuk-heading-s">{t("typography.headingS")}</h3>
        <p className="govuk-body-l">{t("typography.bodyL")}</p>
        <p className="govuk-body">{t("typography.body")}</p>
        <p className="govuk-body-s">{t("typography.bodyS")}</p>
        <p className="govuk-body">
          <a className="govuk-link" href="/procedures">
            {t("typography.link")}
          </a>
        </p>
        <p className="govuk-body">{t("typography.bulletIntro")}</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>{t("typography.bullets.one")}</li>
          <li>{t("typography.bullets.two")}</li>
          <li>{t("typography.bullets.three")}</li>
        </ul>
        <p className="govuk-body">{t("typography.numberIntro")}</p>
        <ol className="govuk-list govuk-list--number">
          <li>{t("typography.steps.one")}</li>
          <li>{t("typography.steps.two")}</li>
          <li>{t("typography.steps.three")}</li>
        </ol>
      </Section>

      <Section id="buttons" title={t("buttons.heading")}>
        <Button href="/procedures" isStartButton>
          {t("buttons.start")}
        </Button>
        <ButtonGroup>
          <Button type="button">{t("buttons.primary")}</Button>
          <Button type="button" variant="secondary">
            {t("buttons.secondary")}
          </Button>
          <a className="govuk-link" href="/ui">
            {t("buttons.link")}
          </a>
        </ButtonGroup>
        <ButtonGroup>
          <Button type="button" variant="warning">
            {t("buttons.warning")}
          </Button>
          <Button type="button" disabled>
            {t("buttons.disabled")}
          </Button>
        </ButtonGroup>
      </Section>

      <Section id="form" title={t("form.heading")} intro={t("form.intro")}>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <DemoForm prefix="" withErrors={false} />
          </div>
        </div>
      </Section>

      <Section id="form-errors" title={t("errors.heading")} intro={t("errors.intro")}>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <ErrorSummary
              disableAutoFocus
              errors={[
                { href: "#err-full-name", text: t("errors.fullName") },
                { href: "#err-id-number", text: t("errors.idNumber") },
                { href: "#err-email", text: t("errors.email") },
                { href: "#err-dob-year", text: t("errors.dob") },
                { href: "#err-district", text: t("errors.district") },
                { href: "#err-purpose", text: t("errors.purpose") },
                { href: "#err-delivery-address", text: t("errors.postAddress") },
                { href: "#err-documents", text: t("errors.documents") },
                { href: "#err-file", text: t("errors.file") },
              ]}
            />
            <DemoForm prefix="err-" withErrors />
          </div>
        </div>
      </Section>

      <Section id="summary" title={t("summary.heading")} intro={t("summary.intro")}>
        <SummaryList
          rows={[
            {
              key: t("summary.name.key"),
              value: t("summary.name.value"),
              actions: [{ href: "#full-name", text: change, visuallyHiddenText: t("summary.name.hidden") }],
            },
            {
              key: t("summary.dob.key"),
              value: t("summary.dob.value"),
              actions: [{ href: "#dob-day", text: change, visuallyHiddenText: t("summary.dob.hidden") }],
            },
            {
              key: t("summary.id.key"),
              value: t("summary.id.value"),
              actions: [{ href: "#id-number", text: change, visuallyHiddenText: t("summary.id.hidden") }],
            },
            {
              key: t("summary.address.key"),
              value: (
                <>
                  <p className="govuk-body">{t("summary.address.line1")}</p>
                  <p className="govuk-body">{t("summary.address.line2")}</p>
                </>
              ),
              actions: [{ href: "#address-line", text: change, visuallyHiddenText: t("summary.address.hidden") }],
            },
            {
              key: t("summary.delivery.key"),
              value: t("summary.delivery.value"),
              actions: [{ href: "#delivery", text: change, visuallyHiddenText: t("summary.delivery.hidden") }],
            },
            { key: t("summary.fee.key"), value: t("summary.fee.value") },
          ]}
        />
      </Section>

      <Section id="tasks" title={t("tasks.heading")} intro={t("tasks.intro")}>
        <TaskList
          idPrefix="ui-task"
          items={[
            { title: t("tasks.applicant"), href: "#full-name", status: t("tasks.status.completed") },
            { title: t("tasks.child"), href: "#form-heading", hint: t("tasks.childHint"), status: t("tasks.status.completed") },
            { title: t("tasks.documents"), href: "#file", status: <Tag colour="light-blue">{t("tasks.status.inProgress")}</Tag> },
            { title: t("tasks.fee"), href: "#table-heading", hint: t("tasks.feeHint"), status: <Tag>{t("tasks.status.notStarted")}</Tag> },
            { title: t("tasks.submit"), status: t("tasks.status.cannotStart"), statusMuted: true },
          ]}
        />
      </Section>

      <Section id="tags" title={t("tags.heading")} intro={t("tags.intro")}>
        <ul className="govuk-list">
          {TAGS.map(([key, colour]) => (
            <li key={key}>
              <Tag colour={colour}>{t(`tags.${key}`)}</Tag>
            </li>
          ))}
        </ul>
      </Section>

      <Section id="banners" title={t("banners.heading")}>
        <NotificationBanner titleId="ui-banner-neutral-title" titleHeadingLevel={3} heading={t("banners.neutralHeading")}>
          <p className="govuk-body">{t("banners.neutralBody")}</p>
        </NotificationBanner>
        <NotificationBanner
          type="success"
          titleId="ui-banner-success-title"
          titleHeadingLevel={3}
          heading={t("banners.successHeading")}
          disableAutoFocus
        >
          <p className="govuk-body">{t("banners.successBody")}</p>
        </NotificationBanner>
      </Section>

      <Section id="panel" title={t("panel.heading")}>
        <Panel title={t("panel.title")} headingLevel={3}>
          {t("panel.body")}
          <br />
          <strong>{t("panel.code")}</strong>
        </Panel>
      </Section>

      <Section id="table" title={t("table.heading")}>
        <Table
          caption={t("table.caption")}
          captionSize="m"
          firstCellIsHeader
          head={[{ text: t("table.procedure") }, { text: t("table.time") }, { text: t("table.fee"), format: "numeric" }]}
          rows={FEES.map(([key, amount]) => [
            { text: t(`table.${key}.name`) },
            { text: t(`table.${key}.time`) },
            { text: money.format(amount), format: "numeric" },
          ])}
        />
      </Section>

      <Section id="pagination" title={t("pagination.heading")} intro={t("pagination.intro")}>
        <Pagination currentPage={5} totalPages={12} hrefForPage={(p) => `/ui?page=${p}#pagination-heading`} />
      </Section>

      <Section id="navigation" title={t("navigation.heading")}>
        <Breadcrumbs
          items={[
            { text: t("navigation.home"), href: "/" },
            { text: t("navigation.procedures"), href: "/procedures" },
            { text: t("navigation.civil"), href: "/procedures" },
            { text: t("navigation.current") },
          ]}
        />
        <BackLink href="/procedures" />
      </Section>

      <Section id="details" title={t("details.heading")}>
        <Details summary={t("details.summary")}>
          <p className="govuk-body">{t("details.body")}</p>
        </Details>
      </Section>

      <Section id="warning" title={t("warning.heading")}>
        <WarningText>{t("warning.text")}</WarningText>
      </Section>

      <Section id="inset" title={t("inset.heading")}>
        <InsetText>{t("inset.text")}</InsetText>
      </Section>

      <Section id="phase" title={t("phase.heading")}>
        <PhaseBanner tag={t("phase.tag")}>{t("phase.text")}</PhaseBanner>
      </Section>

      <Section id="header" title={t("header.heading")} intro={t("header.intro")}>
        <Header
          homeHref="/"
          organisationName={t("header.organisation")}
          serviceName={t("header.service")}
          navLabel={t("header.navLabel")}
          navItems={[
            { href: "/procedures", text: t("header.nav.procedures"), current: true },
            { href: "/dossiers/track", text: t("header.nav.track") },
            { href: "/feedback", text: t("header.nav.feedback") },
            { href: "/statistics", text: t("header.nav.statistics") },
          ]}
          languageSwitch={
            <LanguageSwitch
              label={t("header.languageLabel")}
              options={[
                { lang: "vi", text: t("header.languages.vi"), href: "/language?lng=vi&returnTo=%2Fui", current: lang === "vi", visuallyHiddenPrefix: t("header.switchTo") },
                { lang: "en", text: t("header.languages.en"), href: "/language?lng=en&returnTo=%2Fui", current: lang === "en", visuallyHiddenPrefix: t("header.switchTo") },
              ]}
            />
          }
          signIn={
            <a className="govuk-header__link app-header__sign-in" href="/sign-in">
              {t("header.signIn")}
            </a>
          }
        />
      </Section>

      <Section id="footer" title={t("footer.heading")}>
        <Footer
          headingLevel={3}
          sections={[
            {
              heading: t("footer.about"),
              links: [
                { href: "/accessibility", text: t("footer.accessibility") },
                { href: "/privacy", text: t("footer.privacy") },
                { href: "/agencies", text: t("footer.agencies") },
              ],
            },
            { heading: t("footer.contact"), lines: [t("footer.operator"), t("footer.hours"), t("footer.hotline")] },
          ]}
          meta={[t("footer.owner")]}
          copyright={t("footer.copyright")}
        />
      </Section>

      <Section id="skip-link" title={t("skipLink.heading")} intro={t("skipLink.intro")}>
        <SkipLink />
      </Section>

      <Section id="hero" title={t("hero.heading")}>
        <Hero heading={t("hero.title")} lead={t("hero.lead")} headingLevel={3}>
          <SearchForm
            id="ui-search"
            name="q"
            action="/procedures"
            label={t("hero.searchLabel")}
            hint={t("hero.searchHint")}
            buttonText={t("hero.searchButton")}
          />
        </Hero>
      </Section>

      <Section id="cards" title={t("cards.heading")}>
        <CardList
          headingLevel={3}
          items={[
            { href: "/procedures", title: t("cards.procedures.title"), body: t("cards.procedures.body") },
            { href: "/dossiers/track", title: t("cards.track.title"), body: t("cards.track.body") },
            { href: "/feedback", title: t("cards.feedback.title"), body: t("cards.feedback.body") },
          ]}
        />
      </Section>

      <Section id="agencies" title={t("agencies.heading")} intro={t("agencies.note")}>
        <AgencyTree
          codeLabel={t("agencies.codeLabel")}
          items={[
            {
              name: t("agencies.province"),
              code: t("agencies.codes.province"),
              children: [
                { name: t("agencies.justice"), code: t("agencies.codes.justice") },
                { name: t("agencies.construction"), code: t("agencies.codes.construction") },
                { name: t("agencies.centre"), code: t("agencies.codes.centre") },
                {
                  name: t("agencies.city"),
                  code: t("agencies.codes.city"),
                  children: [{ name: t("agencies.minhKhai"), code: t("agencies.codes.minhKhai") }],
                },
                {
                  name: t("agencies.dongVan"),
                  code: t("agencies.codes.dongVan"),
                  children: [{ name: t("agencies.phoBang"), code: t("agencies.codes.phoBang") }],
                },
              ],
            },
          ]}
        />
      </Section>
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/ui/general-error-boundary";
