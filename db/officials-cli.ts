// Officials from the command line:
//   npm run -s officials -- invite-admin --email E --name N --agency CODE [--role R ...] [--lang en]
// A fresh installation has no administrator to invite the others: this makes an administrator's invitation for an
// agency (system_admin, or the roles named with --role, e.g. --role catalog_admin --role system_admin), queues the
// invitation mail (delivered by the server when SMTP_URL is set) and prints the link.
import { parseArgs } from "node:util";
import { createInstance } from "i18next";
import { ConfigError, loadEnv } from "../app/platform/env.server";
import { assertDatabaseReachable, createDb } from "../app/platform/db.server";
import { createInvitationSender } from "../app/platform/official-services.server";
import { agencyIdForCode, inviteAdministratorFromConsole } from "../app/domain/officials/officials.server";
import { OFFICIAL_ROLES } from "../app/domain/access/permissions";
import viMail from "../locales/vi/mail.json" with { type: "json" };
import enMail from "../locales/en/mail.json" with { type: "json" };
import viCommon from "../locales/vi/common.json" with { type: "json" };
import enCommon from "../locales/en/common.json" with { type: "json" };
import viOfficials from "../locales/vi/officials.json" with { type: "json" };
import enOfficials from "../locales/en/officials.json" with { type: "json" };

const USAGE = `Usage: tsx db/officials-cli.ts invite-admin --email E --name N --agency CODE [--role ROLE ...] [--lang vi|en] [--origin URL]\n  roles: ${OFFICIAL_ROLES.join(", ")} (default system_admin)`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      agency: { type: "string" },
      role: { type: "string", multiple: true },
      lang: { type: "string", default: "vi" },
      origin: { type: "string" },
    },
  });
  if (positionals[0] !== "invite-admin" || !values.email || !values.name || !values.agency || (values.lang !== "vi" && values.lang !== "en")) {
    console.error(USAGE);
    return 2;
  }
  const roles = values.role ?? ["system_admin"];
  if (!roles.every((r) => (OFFICIAL_ROLES as readonly string[]).includes(r))) {
    console.error(USAGE);
    return 2;
  }
  const lang = values.lang;
  const env = loadEnv();
  const origin = (values.origin ?? env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  const i18n = createInstance();
  await i18n.init({
    lng: lang,
    fallbackLng: "vi",
    ns: ["common", "mail", "officials"],
    defaultNS: "common",
    interpolation: { escapeValue: false },
    resources: { vi: { common: viCommon, mail: viMail, officials: viOfficials }, en: { common: enCommon, mail: enMail, officials: enOfficials } },
  });
  const db = createDb(env.database, { connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS });
  try {
    await assertDatabaseReachable(db, env.database, env.DB_CONNECT_TIMEOUT_MS);
    const agencyId = await agencyIdForCode(db, values.agency);
    if (!agencyId) {
      console.error(`No agency has the code "${values.agency}".`);
      return 1;
    }
    const result = await inviteAdministratorFromConsole(db, createInvitationSender({ lang, t: i18n.getFixedT(lang) }), {
      fullName: values.name,
      email: values.email,
      agencyId,
      roles,
      baseUrl: origin,
    });
    if (!result.ok) {
      const errors = result.reason === "invalid" ? Object.entries(result.errors).map(([field, key]) => `${field}: ${i18n.t(key ?? "", { lng: "en" })}`) : [result.reason];
      for (const line of errors) console.error(line);
      return 1;
    }
    console.log(`Invited ${values.email.trim().toLowerCase()} (${roles.join(", ")}) at ${values.agency}. The invitation link (valid 7 days):`);
    console.log(result.link);
    return 0;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
