// Stands in for Nuxt's generated `#app` in unit tests; each test mocks what it needs.
export const defineNuxtPlugin = <T>(plugin: T) => plugin;
export const useRuntimeConfig = () => ({ public: {} });
export const useRouter = () => ({ afterEach: () => () => {} });
