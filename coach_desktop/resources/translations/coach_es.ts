<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="es_ES">
<context>
    <name>DemoPage</name>
    <message>
        <source>Practise with demo members?</source>
        <translation>¿Practicar con miembros de demostración?</translation>
    </message>
    <message>
        <source>&amp;Add %1 demo members to this vault</source>
        <translation>&amp;Añadir %1 miembros de demostración a esta bóveda</translation>
    </message>
    <message>
        <source>Add demo members</source>
        <translation>Añadir miembros de demostración</translation>
    </message>
    <message>
        <source>This computer is enrolled, so your real panel comes from the server. Demo members are only offered to a vault that is not enrolled, so they never mix with real ones.</source>
        <translation>Este equipo está inscrito, así que su panel real llega del servidor. Los miembros de demostración solo se ofrecen a una bóveda no inscrita, para que nunca se mezclen con los reales.</translation>
    </message>
    <message>
        <source>Demo members are generated people (never real data) with conditions, sessions and screenings, so you can try every screen before your panel arrives.</source>
        <translation>Los miembros de demostración son personas generadas (nunca datos reales) con condiciones, sesiones y cribados, para que pueda probar todas las pantallas antes de que llegue su panel.</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <source>Enrol this computer</source>
        <translation>Inscribir este equipo</translation>
    </message>
    <message>
        <source>With an enrolment code from IT, this computer syncs with your organisation's Coach server. Your work so far is kept and sent at the first sync.</source>
        <translation>Con un código de inscripción de TI, este equipo se sincroniza con el servidor de Coach de su organización. Su trabajo hasta ahora se conserva y se envía en la primera sincronización.</translation>
    </message>
</context>
<context>
    <name>EnrolForm</name>
    <message>
        <source>Server &amp;address</source>
        <translation>&amp;Dirección del servidor</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>&amp;Usuario</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Contraseña</translation>
    </message>
    <message>
        <source>&amp;Enrolment code</source>
        <translation>Código de &amp;inscripción</translation>
    </message>
    <message>
        <source>Au&amp;thenticator code</source>
        <translation>Código del au&amp;tenticador</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Dirección del servidor</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <source>Server password</source>
        <translation>Contraseña del servidor</translation>
    </message>
    <message>
        <source>Enrolment code</source>
        <translation>Código de inscripción</translation>
    </message>
    <message>
        <source>Authenticator code</source>
        <translation>Código del autenticador</translation>
    </message>
    <message>
        <source>if your organisation uses one</source>
        <translation>si su organización lo usa</translation>
    </message>
    <message>
        <source>Enrol this &amp;computer</source>
        <translation>Inscribir este &amp;equipo</translation>
    </message>
    <message>
        <source>Enrol this computer</source>
        <translation>Inscribir este equipo</translation>
    </message>
    <message>
        <source>This computer is enrolled. Your panel downloads at the first sync.</source>
        <translation>Este equipo está inscrito. Su panel se descarga en la primera sincronización.</translation>
    </message>
    <message>
        <source>Contacting the server…</source>
        <translation>Contactando con el servidor…</translation>
    </message>
    <message>
        <source>Fill in the server address, user name, password and enrolment code.</source>
        <translation>Escriba la dirección del servidor, el usuario, la contraseña y el código de inscripción.</translation>
    </message>
    <message>
        <source>Can't reach the Coach server. You can work offline and enrol later: File ▸ Enrol this computer.</source>
        <translation>No se puede contactar con el servidor de Coach. Puede trabajar sin conexión e inscribir el equipo más tarde: Archivo ▸ Inscribir este equipo.</translation>
    </message>
    <message>
        <source>You can also skip this and enrol later.</source>
        <translation>También puede omitir este paso e inscribir el equipo más tarde.</translation>
    </message>
</context>
<context>
    <name>EnrolPage</name>
    <message>
        <source>Enrol this computer (optional)</source>
        <translation>Inscribir este equipo (opcional)</translation>
    </message>
    <message>
        <source>With an enrolment code from IT, this computer syncs with your organisation's Coach server. No code yet? Press Next: you can work offline and enrol later.</source>
        <translation>Con un código de inscripción de TI, este equipo se sincroniza con el servidor de Coach de su organización. ¿Aún no tiene código? Pulse Siguiente: puede trabajar sin conexión e inscribirlo más tarde.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up Coach Desktop</source>
        <translation>Configurar Coach Desktop</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Coach Desktop is locked</source>
        <translation>Coach Desktop está bloqueado</translation>
    </message>
    <message>
        <source>Enter your passphrase to open your vault.</source>
        <translation>Escriba su frase de contraseña para abrir su bóveda.</translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation>&amp;Frase de contraseña</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Frase de contraseña</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Desbloquear</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
    <message>
        <source>Unlocking</source>
        <translation>Desbloqueando</translation>
    </message>
    <message>
        <source>Set Coach up again…</source>
        <translation>Volver a configurar Coach…</translation>
    </message>
    <message>
        <source>Set Coach up again</source>
        <translation>Volver a configurar Coach</translation>
    </message>
    <message>
        <source>Forgot your passphrase?</source>
        <translation>¿Olvidó su frase de contraseña?</translation>
    </message>
    <message>
        <source>Nobody can read your passphrase back: not IT, not the Coach team. Ask IT to erase this computer's vault (coachctl wipe) and enrol the computer again; everything already synced comes back from the server. If your organisation turned on the recovery key, IT can also recover changes that were not synced yet.</source>
        <translation>Nadie puede recuperar su frase de contraseña: ni TI ni el equipo de Coach. Pida a TI que borre la bóveda de este equipo (coachctl wipe) y lo vuelva a inscribir; todo lo ya sincronizado vuelve desde el servidor. Si su organización activó la clave de recuperación, TI también puede recuperar los cambios que aún no se sincronizaron.</translation>
    </message>
    <message>
        <source>This is the demo vault of synthetic members. Its passphrase is: %1</source>
        <translation>Esta es la bóveda de demostración, con miembros sintéticos. Su frase de contraseña es: %1</translation>
    </message>
    <message>
        <source>Too many wrong passphrases. You can try again in %1.</source>
        <translation>Demasiadas frases de contraseña incorrectas. Puede volver a intentarlo en %1.</translation>
    </message>
    <message>
        <source>Last try: one more wrong passphrase erases this vault. Work already synced is safe on the server.</source>
        <translation>Último intento: una frase de contraseña incorrecta más borra esta bóveda. El trabajo ya sincronizado está a salvo en el servidor.</translation>
    </message>
    <message numerus="yes">
        <source>Careful: %n more wrong tries erase this vault. Work already synced is safe on the server.</source>
        <translation>
            <numerusform>Cuidado: %n intento incorrecto más borra esta bóveda. El trabajo ya sincronizado está a salvo en el servidor.</numerusform>
            <numerusform>Cuidado: %n intentos incorrectos más borran esta bóveda. El trabajo ya sincronizado está a salvo en el servidor.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrong passphrases in a row: %n. After 5, Coach makes you wait between tries.</source>
        <translation>
            <numerusform>%n frase de contraseña incorrecta seguida. Después de 5, Coach le hace esperar entre intentos.</numerusform>
            <numerusform>%n frases de contraseña incorrectas seguidas. Después de 5, Coach le hace esperar entre intentos.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrong passphrases in a row: %n. Each new try has to wait; after 20 the vault is erased.</source>
        <translation>
            <numerusform>%n frase de contraseña incorrecta seguida. Cada nuevo intento debe esperar; después de 20, la bóveda se borra.</numerusform>
            <numerusform>%n frases de contraseña incorrectas seguidas. Cada nuevo intento debe esperar; después de 20, la bóveda se borra.</numerusform>
        </translation>
    </message>
    <message>
        <source>That passphrase is not correct. Check Caps Lock and try again.</source>
        <translation>Esa frase de contraseña no es correcta. Compruebe Bloq Mayús e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>The vault on this computer is damaged, so it was not opened. Nothing was overwritten. Ask IT for help.</source>
        <translation>La bóveda de este equipo está dañada y no se abrió. No se sobrescribió nada. Pida ayuda a TI.</translation>
    </message>
    <message>
        <source>This vault is open in another Coach Desktop window or in coachctl. Close it, then try again.</source>
        <translation>Esta bóveda está abierta en otra ventana de Coach Desktop o en coachctl. Ciérrela e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>This vault was erased (too many wrong passphrases, or your organisation removed this computer). Set Coach up again and enrol: your synced work comes back from the server.</source>
        <translation>Esta bóveda se borró (demasiadas frases de contraseña incorrectas, o su organización retiró este equipo). Vuelva a configurar Coach e inscriba el equipo: su trabajo sincronizado vuelve desde el servidor.</translation>
    </message>
    <message>
        <source>There is no vault in this folder yet.</source>
        <translation>Todavía no hay ninguna bóveda en esta carpeta.</translation>
    </message>
    <message>
        <source>Coach has not checked in with the server for too long and could not reach it just now. Connect to the network, then unlock again: Coach checks in first.</source>
        <translation>Coach lleva demasiado tiempo sin comunicarse con el servidor y ahora no pudo contactarlo. Conéctese a la red y vuelva a desbloquear: Coach se comunica primero con el servidor.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <source>Panel</source>
        <translation>Panel</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Miembro</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sincronizar</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>Navegación</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Ir</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edición</translation>
    </message>
    <message>
        <source>&amp;Find a member</source>
        <translation>&amp;Buscar un miembro</translation>
    </message>
    <message>
        <source>&amp;New session</source>
        <translation>&amp;Nueva sesión</translation>
    </message>
    <message>
        <source>New session (Ctrl+N). The session editor is coming; for now this opens the current member's Sessions tab.</source>
        <translation>Nueva sesión (Ctrl+N). El editor de sesiones está en camino; por ahora abre la pestaña Sesiones del miembro actual.</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Bloquear</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>&amp;Configuración…</translation>
    </message>
    <message>
        <source>&amp;Enrol this computer…</source>
        <translation>&amp;Inscribir este equipo…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>Nothing to save on this page.</source>
        <translation>No hay nada que guardar en esta página.</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Bloqueado</translation>
    </message>
</context>
<context>
    <name>PassphrasePage</name>
    <message>
        <source>Choose your passphrase</source>
        <translation>Elija su frase de contraseña</translation>
    </message>
    <message>
        <source>The vault is yours alone: enter the user name IT gave you for Coach. For the passphrase use at least 12 characters; a short sentence of four or five unrelated words is strong and easy to remember.</source>
        <translation>La bóveda es solo suya: escriba el usuario de Coach que le dio TI. Para la frase de contraseña use al menos 12 caracteres; una frase corta de cuatro o cinco palabras sin relación entre sí es fuerte y fácil de recordar.</translation>
    </message>
    <message>
        <source>Your Coach &amp;user name</source>
        <translation>Su &amp;usuario de Coach</translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation>&amp;Frase de contraseña</translation>
    </message>
    <message>
        <source>&amp;Repeat it</source>
        <translation>&amp;Repítala</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>Fortaleza</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Frase de contraseña</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>Repita la frase de contraseña</translation>
    </message>
    <message>
        <source>Passphrase strength</source>
        <translation>Fortaleza de la frase de contraseña</translation>
    </message>
    <message>
        <source>as IT gave it to you, e.g. ana.lopez</source>
        <translation>tal como se lo dio TI, p. ej. ana.lopez</translation>
    </message>
    <message>
        <source>&amp;Create vault</source>
        <translation>&amp;Crear bóveda</translation>
    </message>
    <message>
        <source>Very weak</source>
        <translation>Muy débil</translation>
    </message>
    <message>
        <source>Weak</source>
        <translation>Débil</translation>
    </message>
    <message>
        <source>Fair</source>
        <translation>Aceptable</translation>
    </message>
    <message>
        <source>Strong</source>
        <translation>Fuerte</translation>
    </message>
    <message>
        <source>Very strong</source>
        <translation>Muy fuerte</translation>
    </message>
    <message>
        <source>The two passphrases are not the same.</source>
        <translation>Las dos frases de contraseña no coinciden.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>&amp;Lock after this many idle minutes</source>
        <translation>&amp;Bloquear tras estos minutos de inactividad</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Idle minutes before Coach locks</source>
        <translation>Minutos de inactividad antes de que Coach se bloquee</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Coach locks itself after this many minutes without keyboard or mouse use (at most %1); time the computer spent asleep counts too.</source>
        <translation>Coach se bloquea solo tras estos minutos sin usar el teclado ni el ratón (como máximo %1); el tiempo que el equipo pasó en suspensión también cuenta.</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to Coach Desktop</source>
        <translation>Le damos la bienvenida a Coach Desktop</translation>
    </message>
    <message>
        <source>Everything you record about your members is kept in an encrypted vault on this computer. Only your passphrase opens it, so choose one you will remember: nobody can read it back for you.

Next you can enrol this computer with your organisation's Coach server, so your work is backed up and shared with your team. You can also do that later.</source>
        <translation>Todo lo que registre sobre sus miembros se guarda en una bóveda cifrada en este equipo. Solo su frase de contraseña la abre, así que elija una que vaya a recordar: nadie puede recuperarla por usted.

A continuación puede inscribir este equipo en el servidor de Coach de su organización, para que su trabajo tenga copia de seguridad y se comparta con su equipo. También puede hacerlo más tarde.</translation>
    </message>
    <message>
        <source>The vault will be created in: %1</source>
        <translation>La bóveda se creará en: %1</translation>
    </message>
</context>
</TS>