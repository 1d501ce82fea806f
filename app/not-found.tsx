import Link from "next/link";

export default function NotFound() {
  return (
    <div className="login-wrap">
      <div className="card" style={{ maxWidth: 480 }}>
        <h1>Page not found</h1>
        <p className="muted">
          This address does not match any page. If it came from a ticket, check that the link was copied whole; ids are
          long and easy to cut short.
        </p>
        <Link className="btn" href="/">
          Go to your apps
        </Link>
      </div>
    </div>
  );
}
