import createNextIntlPlugin from 'next-intl/plugin';

/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: [
    'pg',
    'pg-copy-streams',
    '@prisma/adapter-pg',
    '@prisma/client',
    'onnxruntime-node',
    '@huggingface/transformers',
    'sharp',
    'ml-xgboost',
    'wink-nlp',
    'wink-eng-lite-web-model',
    '@node-rs/jieba',
    'pdfkit',
    'bcryptjs',
    'esbuild',
  ],
  poweredByHeader: false,
  // Page metadata streams in after the body, so a browser that finished loading before the icon's
  // <link> arrived asks for /favicon.ico, which answered 404 (and a console error) under load.
  async rewrites() {
    return [{ source: '/favicon.ico', destination: '/icon.svg' }];
  },
  // `npm test` type-checks the whole project (tsc); a start must not fail on a type-only error.
  typescript: { ignoreBuildErrors: true },
  // Pages get their Content-Security-Policy (with a per-request nonce) from proxy.ts.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
      {
        source: '/api/:path*',
        headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

// i18n/request.ts chooses the language and messages of each request.
export default createNextIntlPlugin('./i18n/request.ts')(nextConfig);
