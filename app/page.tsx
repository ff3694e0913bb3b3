export default function Home() {
  return (
    <main className="mx-auto max-w-6xl p-6">
      <h1 className="text-2xl font-semibold">Runnerscope</h1>
      <p className="text-sm text-zinc-500">ARC runner fleet health.</p>
    </main>
  );
}
