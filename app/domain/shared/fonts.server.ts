import { createRequire } from "node:module";

// Be Vietnam Pro, embedded (as a subset) in every PDF the portal makes: the confirmation, the forms Mẫu 01–05 and the
// marks on signed results. Files of the installed package, resolved once.

const require = createRequire(import.meta.url);
export const FONT_REGULAR = require.resolve("@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf");
export const FONT_BOLD = require.resolve("@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf");
