// The banner shown on every page while a citizen acts on behalf of an organisation (texts are passed in, translated).

export interface ActingForBannerProps {
  /** "Bạn đang thao tác thay mặt: <name> (MST <tax code>)". */
  text: string;
  /** The link to change it ("Đổi"). */
  changeText: string;
  changeHref: string;
}

export function ActingForBanner({ text, changeText, changeHref }: ActingForBannerProps) {
  return (
    <div className="govuk-width-container">
      <div className="app-acting-for govuk-inset-text govuk-!-margin-top-2 govuk-!-margin-bottom-0" role="region" aria-label={text}>
        <p className="govuk-body govuk-!-margin-bottom-0">
          <strong>{text}</strong> — <a className="govuk-link" href={changeHref}>{changeText}</a>
        </p>
      </div>
    </div>
  );
}
