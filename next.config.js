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
  ],
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tsc); a start must not fail on a type-only error.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
