; Inno Setup 6 script: a per-user installer for etprio on locked-down NHS Windows laptops.
;
; Build the app folder first (on Windows), then compile this script:
;   uv run --group packaging python packaging\build.py
;   ISCC.exe /DAppVersion=0.1.0 packaging\windows\etprio.iss      (Inno Setup 6, on the build PC)
; Output: dist\etprio-0.1.0-setup.exe
;
; Why per user: most users have no admin rights. PrivilegesRequired=lowest never asks for
; elevation; the app goes to %LOCALAPPDATA%\Programs\etprio (where Windows itself puts
; per-user apps), and the shortcut, file association and uninstall entry all live in
; HKEY_CURRENT_USER. Nothing is written outside the user's own profile.
;
; IT can deploy the same installer machine-wide (Intune, SCCM, or where AppLocker blocks
; programs in user profiles) with:  etprio-0.1.0-setup.exe /ALLUSERS /VERYSILENT
; Then {autopf} is Program Files and HKA is HKLM; in the default per-user mode they are
; %LOCALAPPDATA%\Programs and HKCU, which is what the lines below mean by them.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "etprio"
#define GuiExe "etprio-gui.exe"
#define DistDir "..\..\dist\etprio"
#define ProgId "etprio.project"

[Setup]
; The AppId identifies this app to the uninstaller and to upgrades: never change it.
AppId={{C6400FBC-730E-4ABF-8D47-F8FB1A7BF043}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=etprio contributors
AppComments=Prioritise Estates and Technology Transformation Fund bids
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\etprio.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Tell Explorer about the .etprio association at the end, so icons update without a logoff.
ChangesAssociations=yes
; ...and, when the PATH task was chosen, tell open programs the environment changed.
ChangesEnvironment=yes
; An upgrade or uninstall first asks a running etprio to close, as Windows does at logoff.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Let the command prompt find the etprio command (adds the folder to your own PATH)"; GroupDescription: "Command line:"; Flags: unchecked; Check: not IsAdminInstallMode

[Files]
; The whole PyInstaller folder: etprio.exe (command line), etprio-gui.exe (desktop app), _internal\.
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the library folder wholesale, so no stale module from an older version
; can shadow a new one.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Comment: "Prioritise ETTF bids"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Tasks: desktopicon

[Registry]
; File association for *.etprio under HKCU\Software\Classes (HKA: no admin rights needed).
; The extension points at a ProgID; uninstall removes the ProgID, and the extension's
; default value only if it still points at etprio.
Root: HKA; Subkey: "Software\Classes\.etprio"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.etprio"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-etprio"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.etprio\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "etprio project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#GuiExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"" ""%1"""
; "Open with" lists the app by name.
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".etprio"; ValueData: ""
; Optional: the install folder on the user's own PATH (never the machine PATH).
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NotOnUserPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; Settings (HKCU\Software\etprio), logs, caches and crash-recovery files under
; %LOCALAPPDATA%\etprio are the user's own data and are deliberately left on uninstall.

[Code]
function UserPath(): String;
begin
  if not RegQueryStringValue(HKCU, 'Environment', 'Path', Result) then
    Result := '';
end;

function NotOnUserPath(Folder: String): Boolean;
begin
  Result := Pos(';' + Uppercase(Folder) + ';', ';' + Uppercase(UserPath()) + ';') = 0;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Path, Folder: String;
  At: Integer;
begin
  if CurUninstallStep <> usPostUninstall then
    exit;
  { Take the install folder back off the user's PATH if the addtopath task put it there. }
  Folder := ';' + Uppercase(ExpandConstant('{app}'));
  Path := ';' + UserPath();
  At := Pos(Folder + ';', Uppercase(Path) + ';');
  if At = 0 then
    exit;
  Delete(Path, At, Length(Folder));
  if Copy(Path, 1, 1) = ';' then
    Delete(Path, 1, 1);
  RegWriteExpandStringValue(HKCU, 'Environment', 'Path', Path);
end;
