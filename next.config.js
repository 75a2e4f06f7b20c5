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
    'pdfkit',
    'bcryptjs',
  ],
  poweredByHeader: false,
};

export default nextConfig;
