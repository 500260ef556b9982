"""aiosmtpd as the SMTP baseline for bench/compare.sh: implicit TLS on
127.0.0.1, AUTH PLAIN/LOGIN with the bench password, messages accepted and
dropped. Prints READY when listening; runs until killed."""

import asyncio
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    async def handle_DATA(self, server, session, envelope):
        return "250 2.0.0 OK"


def main():
    port, cert, key, password = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4].encode()

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.password == password
        return AuthResult(success=ok, handled=False)

    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    controller = Controller(
        Sink(),
        hostname="127.0.0.1",
        port=port,
        ssl_context=ctx,
        authenticator=authenticator,
        auth_require_tls=False,
        data_size_limit=35882577,
    )
    controller.start()
    print("READY", flush=True)
    try:
        asyncio.get_event_loop().run_forever()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
